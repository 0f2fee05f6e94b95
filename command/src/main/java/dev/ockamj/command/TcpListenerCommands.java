package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ockam tcp-listener create|list|delete --at NODE}. */
@Command(name = "tcp-listener", description = "A node's TCP listeners.", mixinStandardHelpOptions = true,
        subcommands = {TcpListenerCommands.Create.class, TcpListenerCommands.ListListeners.class,
                TcpListenerCommands.Show.class, TcpListenerCommands.Delete.class},
        footer = {"", "Example:", "  ockam tcp-listener create 127.0.0.1:5000 --at n1"})
final class TcpListenerCommands {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Listen on another address; it lets in the node's services, like the first listener.",
            footer = {"", "Example:", "  ockam tcp-listener create 127.0.0.1:5000 --at n1"})
    static final class Create extends Base {
        @Parameters(paramLabel = "HOST:PORT")
        String address;

        @Mixin
        NodeOption node;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            NodeCommands.checkListenerAddress(address);
            String n = node(node);
            JsonNode l = client().call(n, "tcp-listener.create", List.of(address));
            if (json()) {
                printJson(l);
                return;
            }
            // as Ockam's: the route to it on the next line, for scripts that match it
            out().println("TCP listener at " + l.get("address").asText() + " on node " + n
                    + ". You can send messages to it via this route:");
            out().println("  " + l.get("multiaddr").asText());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a node's TCP listeners.",
            footer = {"", "Example:", "  ockam tcp-listener list --at n1"})
    static final class ListListeners extends ListCommand {
        ListListeners() {
            super("tcp-listener.list");
        }

        @Override
        void printText(String n, JsonNode listeners) {
            out().println("TCP listeners on node " + n + ":");
            listeners.forEach(l -> out().printf("  %-22s %s%n", l.get("address").asText(), l.get("protocol").asText()));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one of a node's TCP listeners.",
            footer = {"", "Example:", "  ockam tcp-listener show 127.0.0.1:5000 --at n1"})
    static final class Show extends ShowCommand {
        Show() {
            super("tcp-listener.show");
        }

        @Override
        void printText(String n, JsonNode l) {
            out().println("TCP listener on node " + n + ": " + l.get("socket_addr").asText() + " (" + l.get("protocol").asText() + ")");
            out().println("  Route: " + l.get("multiaddr").asText());
            out().println("  Flow Control Id: " + l.get("flow_control_id").asText());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Stop one of a node's TCP listeners.",
            footer = {"", "Example:", "  ockam tcp-listener delete 127.0.0.1:5000 --at n1 --yes"})
    static final class Delete extends DeleteCommand {
        Delete() {
            super("tcp-listener.delete", null, "TCP listener");
        }

        @Override
        String done(String address, String node) {
            return "TCP listener at " + address + " on node " + node + " stopped";
        }
    }
}
