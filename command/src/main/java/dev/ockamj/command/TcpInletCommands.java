package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.node.Address;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ockam tcp-inlet create --from HOST:PORT --to MULTIADDR [--at NODE] [--alias NAME] | list | show | delete}. */
@Command(name = "tcp-inlet", description = "A node's TCP inlets: the near end of a portal, a socket whose connections"
        + " reach an outlet.", mixinStandardHelpOptions = true,
        subcommands = {TcpInletCommands.Create.class, TcpInletCommands.ListInlets.class, TcpInletCommands.Show.class,
                TcpInletCommands.Delete.class},
        footer = {"", "Example:", "  ockam tcp-inlet create --at n1 --from 127.0.0.1:7000 --to /node/n2/secure/api/service/outlet"})
final class TcpInletCommands {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a TCP inlet: every connection to --from becomes a portal to the outlet at --to. The"
                    + " node makes the route (TCP connection, secure channels) and makes it again once its first hop"
                    + " has gone away.",
            footer = {"", "Examples:",
                    "  ockam tcp-inlet create --at n1 --from 127.0.0.1:7000 --to /node/n2/secure/api/service/outlet",
                    "  ockam tcp-inlet create --at n1 --from 127.0.0.1:0 --to /node/n1/service/forward_to_n2/secure/api/service/outlet",
                    "  curl http://127.0.0.1:7000/"})
    static final class Create extends Base {
        @Mixin
        PortalArgs.AtNode at;

        @Option(names = "--from", defaultValue = "127.0.0.1:0", paramLabel = "SOCKET_ADDRESS",
                description = "Where to accept TCP connections; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "ROUTE",
                description = "The outlet, e.g. /node/n2/secure/api/service/outlet, or through a relay on n1:"
                        + " /node/n1/service/forward_to_n2/secure/api/service/outlet.")
        String to;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "The inlet's name (default: a random one).")
        String alias;

        @Option(names = "--connection-wait", defaultValue = "10s", paramLabel = "WAIT",
                description = "How long making the route to the outlet may take at each step (default: ${DEFAULT-VALUE}).")
        String connectionWait;

        @Option(names = "--no-connection-wait",
                description = "Create the inlet without first making the route to the outlet.")
        boolean noConnectionWait;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            String bind = PortalArgs.hostPort(from);
            NodeCommands.checkListenerAddress(bind); // port 0: the node picks one, and it is printed
            String name = alias != null ? alias : Address.random().valueString().substring(0, 8);
            MultiAddr.parse("/service/" + name); // a clear error for a bad alias
            Duration wait = MessageCommands.parseDuration(connectionWait);
            client().running(n);
            String route = PortalArgs.routeFrom(store(), n, to);
            // two handshakes at most (a channel through a relay), then the answer
            JsonNode i = callForText(n, "tcp-inlet.create", List.of(name, bind, route, to,
                    Long.toString(wait.toMillis()), Boolean.toString(!noConnectionWait)), wait.multipliedBy(2).plusSeconds(10));
            if (i == null) {
                return;
            }
            out().println("Created a new TCP Inlet in the Node " + n + " bound to " + i.get("bindAddress").asText());
            out().println("  Alias: " + i.get("alias").asText());
            out().println("  To: " + i.get("to").asText());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a node's TCP inlets.",
            footer = {"", "Example:", "  ockam tcp-inlet list --at n1"})
    static final class ListInlets extends Base {
        @Mixin
        PortalArgs.AtNode at;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            JsonNode inlets = callForText(n, "tcp-inlet.list", List.of());
            if (inlets == null) {
                return;
            }
            out().println("TCP inlets on node " + n + ":");
            out().printf("  %-12s %-22s %-11s %s%n", "ALIAS", "FROM", "CONNECTIONS", "TO");
            inlets.forEach(i -> out().printf("  %-12s %-22s %-11d %s%n", i.get("alias").asText(),
                    i.get("bindAddress").asText(), i.get("connections").asInt(), i.get("to").asText()));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one TCP inlet.",
            footer = {"", "Example:", "  ockam tcp-inlet show web --at n1"})
    static final class Show extends Base {
        @Parameters(paramLabel = "ALIAS")
        String alias;

        @Mixin
        PortalArgs.AtNode at;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            JsonNode i = callForText(n, "tcp-inlet.show", List.of(alias));
            if (i == null) {
                return;
            }
            out().println("TCP Inlet:");
            out().println("  Node: " + n);
            out().println("  Alias: " + i.get("alias").asText());
            out().println("  From: " + i.get("bindAddress").asText());
            out().println("  To: " + i.get("to").asText());
            out().println("  Route: " + (i.get("outletRoute").isNull() ? "(made at the next connection)"
                    : i.get("outletRoute").asText()));
            out().println("  Connections: " + i.get("connections").asInt());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a TCP inlet: it stops listening and its portals close.",
            footer = {"", "Example:", "  ockam tcp-inlet delete web --at n1 --yes"})
    static final class Delete extends Base {
        @Parameters(paramLabel = "ALIAS")
        String alias;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Mixin
        PortalArgs.AtNode at;

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), at.name);
            PortalArgs.delete(this, yes, "TCP inlet " + alias + " on node " + n, n, "tcp-inlet.delete", alias);
        }
    }
}
