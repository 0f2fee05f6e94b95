package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.command.multiaddr.Protocol;
import dev.ockamj.command.multiaddr.TcpHop;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ockam tcp-outlet create --to HOST:PORT [--from outlet] [--at NODE] | list | show | delete}. */
@Command(name = "tcp-outlet", description = "A node's TCP outlets: the far end of a portal, connecting to a TCP server.",
        mixinStandardHelpOptions = true,
        subcommands = {TcpOutletCommands.Create.class, TcpOutletCommands.ListOutlets.class, TcpOutletCommands.Show.class,
                TcpOutletCommands.Delete.class},
        footer = {"", "Example:", "  ockam tcp-outlet create --at n2 --to 127.0.0.1:8000"})
final class TcpOutletCommands {
    /** Ockam's default outlet address. */
    static final String DEFAULT_ADDRESS = "outlet";

    /** {@code outlet} from {@code outlet} or {@code /service/outlet}, as Ockam's {@code extract_address_value}. */
    static String address(String value) {
        if (value.startsWith("/")) {
            MultiAddr m = MultiAddr.parse(value);
            if (m.segments().size() != 1 || !m.segments().get(0).protocol().equals(Protocol.SERVICE.prefix())) {
                throw new CommandException("'" + value + "' is not an outlet address — use NAME or /service/NAME");
            }
            return m.segments().get(0).value();
        }
        MultiAddr.parse("/service/" + value); // a clear error for a bad name
        return value;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a TCP outlet: inlets that reach its address (through the node's TCP listener, or a"
                    + " secure channel to api) get a connection to --to.",
            footer = {"", "Example:", "  ockam tcp-outlet create --at n2 --to 127.0.0.1:8000",
                    "  ockam tcp-inlet create --at n1 --from 127.0.0.1:0 --to /node/n2/secure/api/service/outlet"})
    static final class Create extends Base {
        @Option(names = "--to", required = true, paramLabel = "HOSTNAME_PORT",
                description = "Where the TCP server runs, e.g. 127.0.0.1:8000 (or 8000, :8000 for 127.0.0.1).")
        String to;

        @Option(names = "--from", defaultValue = DEFAULT_ADDRESS, paramLabel = "OUTLET_ADDRESS",
                description = "The outlet's address, NAME or /service/NAME (default: ${DEFAULT-VALUE}).")
        String from;

        @Mixin
        PortalArgs.AtNode at;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            String target = TcpHop.parse(PortalArgs.hostPort(to)).hostPort();
            JsonNode o = callForText(n, "tcp-outlet.create", List.of(address(from), target));
            if (o == null) {
                return;
            }
            out().println("Created a new TCP Outlet in the Node " + n + " at " + o.get("address").asText()
                    + " bound to " + o.get("to").asText());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a node's TCP outlets.",
            footer = {"", "Example:", "  ockam tcp-outlet list --at n2"})
    static final class ListOutlets extends Base {
        @Mixin
        PortalArgs.AtNode at;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            JsonNode outlets = callForText(n, "tcp-outlet.list", List.of());
            if (outlets == null) {
                return;
            }
            out().println("TCP outlets on node " + n + ":");
            out().printf("  %-24s %-24s %s%n", "ADDRESS", "TO", "CONNECTIONS");
            outlets.forEach(o -> out().printf("  %-24s %-24s %d%n", o.get("address").asText(), o.get("to").asText(),
                    o.get("connections").asInt()));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one TCP outlet.",
            footer = {"", "Example:", "  ockam tcp-outlet show outlet --at n2"})
    static final class Show extends Base {
        @Parameters(arity = "0..1", paramLabel = "ADDRESS", description = "The outlet's address (default: outlet).")
        String address = DEFAULT_ADDRESS;

        @Mixin
        PortalArgs.AtNode at;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            JsonNode o = callForText(n, "tcp-outlet.show", List.of(address(address)));
            if (o == null) {
                return;
            }
            out().println("TCP Outlet:");
            out().println("  Node: " + n);
            out().println("  Address: " + o.get("address").asText());
            out().println("  To: " + o.get("to").asText());
            out().println("  Connections: " + o.get("connections").asInt());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a TCP outlet; its portals close.",
            footer = {"", "Example:", "  ockam tcp-outlet delete outlet --at n2 --yes"})
    static final class Delete extends Base {
        @Parameters(paramLabel = "ADDRESS", description = "The outlet's address, as listed.")
        String address;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Mixin
        PortalArgs.AtNode at;

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            String a = address(address);
            PortalArgs.delete(this, yes, "TCP outlet /service/" + a + " on node " + n, n, "tcp-outlet.delete", a);
        }
    }
}
