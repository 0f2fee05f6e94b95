package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.command.multiaddr.TcpHop;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ockam tcp-connection create --from NODE --to ADDR | list | delete}. */
@Command(name = "tcp-connection", description = "A node's TCP connections to other nodes.", mixinStandardHelpOptions = true,
        subcommands = {TcpConnectionCommands.Create.class, TcpConnectionCommands.ListConnections.class,
                TcpConnectionCommands.Show.class, TcpConnectionCommands.Delete.class},
        footer = {"", "Example:", "  ockam tcp-connection create --from n1 --to /node/n2"})
final class TcpConnectionCommands {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Connect a node to another; the connection's /worker/ADDRESS can start a route.",
            footer = {"", "Examples:", "  ockam tcp-connection create --from n1 --to /node/n2",
                    "  ockam tcp-connection create --from n1 --to 127.0.0.1:4000",
                    "  ockam message send hello --from n1 --to /worker/ADDRESS/service/uppercase"})
    static final class Create extends Base {
        @Mixin
        NodeOption node; // the node that connects

        @Option(names = "--to", required = true, paramLabel = "ADDRESS",
                description = "HOST:PORT, or a multiaddr such as /node/n2 or /ip4/127.0.0.1/tcp/4000.")
        String to;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = node(node);
            String peer = to.startsWith("/") ? tcpPeer(to) : TcpHop.parse(to).hostPort();
            JsonNode c = client().call(n, "tcp-connection.create", List.of(peer));
            if (json()) { // Ockam's TcpConnection JSON ({"from", "to", "address": "/worker/…"}), then ours
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("from", n);
                JSON.convertValue(c, java.util.Map.class).forEach((k, v) -> m.put(String.valueOf(k), v));
                printJson(m);
                return;
            }
            out().println("TCP connection from node " + n + " to " + c.get("peer").asText());
            out().println("  Address: " + c.get("address").asText());
        }

        private String tcpPeer(String multiaddr) {
            MultiAddr m = MultiAddr.parse(multiaddr).resolveNodes(store().nodeResolver());
            return m.tcpHop().orElseThrow(() -> new CommandException("'" + multiaddr
                    + "' names no TCP address — use HOST:PORT, /ip4/A/tcp/P or /node/NAME")).hostPort();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a node's TCP connections.",
            footer = {"", "Example:", "  ockam tcp-connection list --from n1"})
    static final class ListConnections extends ListCommand {
        ListConnections() {
            super("tcp-connection.list");
        }

        @Override
        void printText(String n, JsonNode connections) {
            out().println("TCP connections of node " + n + ":");
            out().printf("  %-36s %-9s %-22s %-16s %s%n", "ADDRESS", "MODE", "PEER", "MESSAGES IN/OUT", "STATE");
            connections.forEach(c -> out().printf("  %-36s %-9s %-22s %-16s %s%n", c.get("address").asText(),
                    c.get("mode").asText(), c.get("peer").asText(),
                    c.get("messagesIn").asLong() + "/" + c.get("messagesOut").asLong(), state(c)));
        }

        /** "ok", or how a peer that stopped reading is holding the connection up. */
        private static String state(JsonNode c) {
            long dropped = c.get("messagesDropped").asLong();
            String state = c.get("stalled").asBoolean()
                    ? "stalled: the peer is not reading (" + c.get("queuedBytes").asLong() + " bytes wait)"
                    : "ok";
            return dropped == 0 ? state : state + ", " + dropped + " messages dropped";
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one of a node's TCP connections, by its address or its peer's HOST:PORT.",
            footer = {"", "Example:", "  ockam tcp-connection show /worker/3f2a... --from n1"})
    static final class Show extends ShowCommand {
        Show() {
            super("tcp-connection.show");
        }

        @Override
        void printText(String n, JsonNode c) {
            out().println("TCP Connection:");
            out().println("  Node: " + n);
            out().println("  Address: " + c.get("address").asText());
            out().println("  Mode: " + c.get("mode").asText());
            out().println("  Socket address: " + c.get("socket_addr").asText());
            out().println("  Flow Control Id: " + c.get("flow_control_id").asText());
            out().println("  Messages in/out: " + c.get("messagesIn").asLong() + "/" + c.get("messagesOut").asLong());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Close one of a node's TCP connections, by its address or its peer's HOST:PORT.",
            footer = {"", "Examples:", "  ockam tcp-connection delete /worker/3f2a... --from n1 --yes",
                    "  ockam tcp-connection delete 127.0.0.1:4000 --from n1 --yes   # by the peer's address"})
    static final class Delete extends DeleteCommand {
        Delete() {
            super("tcp-connection.delete", null, "TCP connection");
        }

        @Override
        String done(String address, String node) {
            return "TCP connection " + address + " of node " + node + " closed";
        }
    }
}
