package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.node.Route;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ockam secure-channel create --from NODE --to MULTIADDR | list | delete}. */
@Command(name = "secure-channel", description = "A node's secure channels to other nodes' identities.",
        mixinStandardHelpOptions = true,
        subcommands = {SecureChannelCommands.Create.class, SecureChannelCommands.ListChannels.class,
                SecureChannelCommands.Delete.class},
        footer = {"", "Example:", "  ockam secure-channel create --from n1 --to /node/n2/service/api"})
final class SecureChannelCommands {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Open a secure channel from a node to a secure channel listener; prints the channel's address,"
                    + " which can start a route.",
            footer = {"", "Examples:", "  ockam secure-channel create --from n1 --to /node/n2/service/api",
                    "  ockam message send hello --from n1 --to /service/ADDRESS/service/uppercase"})
    static final class Create extends Base {
        @Mixin
        NodeOption node; // the node that opens the channel

        @Option(names = "--to", required = true, paramLabel = "MULTIADDR",
                description = "The listener: /node/N/service/api, or /ip4/A/tcp/P/service/api.")
        String to;

        @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
                description = "How long the handshake may take (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--authorized", paramLabel = "IDENTIFIER",
                description = "Refuse any peer but this identifier (I followed by 64 hex digits).")
        String authorized;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = node(node);
            Duration wait = MessageCommands.parseDuration(timeout);
            Route route = MultiAddr.parse(to).toRoute(store().nodeResolver());
            List<String> args = authorized == null ? List.of(route.toString(), Long.toString(wait.toMillis()))
                    : List.of(route.toString(), Long.toString(wait.toMillis()), Identities.parse(authorized).toString());
            JsonNode c = client().call(n, "secure-channel.create", args, wait.plusSeconds(5));
            if (json()) {
                printJson(c);
                return;
            }
            out().println("Secure channel from node " + n + " to " + c.get("peer").asText());
            out().println("  Address: " + c.get("address").asText());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a node's secure channels.",
            footer = {"", "Example:", "  ockam secure-channel list --at n1"})
    static final class ListChannels extends ListCommand {
        ListChannels() {
            super("secure-channel.list");
        }

        @Override
        void printText(String n, JsonNode channels) {
            out().println("Secure channels of node " + n + ":");
            out().printf("  %-42s %-10s %s%n", "ADDRESS", "ROLE", "PEER");
            channels.forEach(c -> out().printf("  %-42s %-10s %s%n", c.get("address").asText(),
                    c.get("initiator").asBoolean() ? "initiator" : "responder", c.get("peer").asText()));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Close one of a node's secure channels.",
            footer = {"", "Example:", "  ockam secure-channel delete /service/3f2a... --at n1"})
    static final class Delete extends DeleteCommand {
        Delete() {
            super("secure-channel.delete", "/service/", "secure channel");
        }

        @Override
        String done(String address, String node) {
            return "Secure channel " + address + " of node " + node + " closed";
        }
    }
}
