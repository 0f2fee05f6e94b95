package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ockam relay create [NAME] --at RELAY_NODE [--to NODE] | list | show | delete}, with Ockam's meaning of the
 * options: {@code --at} is where the relay is created (the node others can reach), {@code --to} the node it relays
 * to (the one that registers it, default: the default node).
 */
@Command(name = "relay", description = "Relays: a name on a node others can reach (forward_to_NAME) that relays to a"
        + " node nobody needs to reach, over a connection that node opened.", mixinStandardHelpOptions = true,
        subcommands = {RelayCommands.Create.class, RelayCommands.ListRelays.class, RelayCommands.Show.class,
                RelayCommands.Delete.class},
        footer = {"", "Example:", "  ockam relay create n2 --at /node/n1 --to n2"})
final class RelayCommands {
    static final String DEFAULT_NAME = "default";

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a relay at --at for node --to: messages to /service/forward_to_NAME on the relay node"
                    + " reach --to's secure channel listener (api). It registers again when its connection drops.",
            footer = {"", "Examples:", "  ockam relay create n2 --at /node/n1 --to n2",
                    "  ockam tcp-inlet create --at n1 --to /node/n1/service/forward_to_n2/secure/api/service/outlet"})
    static final class Create extends Base {
        @Parameters(arity = "0..1", paramLabel = "RELAY_NAME", description = "The relay's name (default: default).")
        String name = DEFAULT_NAME;

        @Option(names = "--at", required = true, paramLabel = "ROUTE",
                description = "The node at which to create the relay: a node name, /node/N, or a route such as"
                        + " /ip4/127.0.0.1/tcp/4000 or /dnsaddr/host/tcp/4000.")
        String at;

        @Option(names = "--to", paramLabel = "NODE_NAME",
                description = "The node to relay to, which registers the relay (default: the default node).")
        String to;

        @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
                description = "How long to wait for the registration (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), to);
            dev.ockamj.command.multiaddr.MultiAddr.parse("/service/" + name); // a clear error for a bad name
            Duration wait = MessageCommands.parseDuration(timeout);
            String atAddr = at.contains("/") ? at : "/node/" + at; // as Ockam: a bare name is a node
            client().running(n);
            String route = PortalArgs.routeFrom(store(), n, atAddr);
            JsonNode r = callForText(n, "relay.create", List.of(name, route, atAddr, Long.toString(wait.toMillis())),
                    wait.plusSeconds(10));
            if (r == null) {
                return;
            }
            if (r.get("registered").asBoolean()) {
                out().println("Now relaying messages from " + atAddr + r.get("remoteAddress").asText() + " → /node/" + n
                        + r.get("workerAddress").asText());
            } else {
                out().println("A relay was created at /node/" + n + " but failed to connect to " + atAddr
                        + " within " + MessageCommands.show(wait));
                out().println("It will retry to connect automatically — see: ockam relay list --to " + n
                        + ", ockam node logs " + n);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the relays a node created (on other nodes), registered or not.",
            footer = {"", "Example:", "  ockam relay list --to n2",
                    "  (the relays a node serves to others: ockam node show n1)"})
    static final class ListRelays extends Base {
        @Option(names = {"--to", "--at", "--node"}, paramLabel = "NODE", description = "The node (default: the default node).")
        String node;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), node);
            JsonNode relays = callForText(n, "relay.list", List.of());
            if (relays == null) {
                return;
            }
            out().println("Relays of node " + n + ":");
            out().printf("  %-12s %-28s %-10s %s%n", "NAME", "REMOTE ADDRESS", "STATUS", "AT");
            relays.forEach(r -> out().printf("  %-12s %-28s %-10s %s%n", r.get("name").asText(),
                    r.get("remoteAddress").isNull() ? "-" : r.get("remoteAddress").asText(),
                    r.get("registered").asBoolean() ? "UP" : "DOWN", r.get("at").asText()));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one relay a node created.",
            footer = {"", "Example:", "  ockam relay show n2 --at n2"})
    static final class Show extends Base {
        @Parameters(arity = "0..1", paramLabel = "RELAY_NAME", description = "The relay's name (default: default).")
        String name = DEFAULT_NAME;

        @Option(names = {"--at", "--node", "--to"}, paramLabel = "NODE",
                description = "The node which the relay belongs to (default: the default node).")
        String node;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), node);
            JsonNode r = callForText(n, "relay.show", List.of(name));
            if (r == null) {
                return;
            }
            out().println("Relay:");
            out().println("  Name: " + r.get("name").asText());
            out().println("  Node: " + n);
            out().println("  At: " + r.get("at").asText());
            out().println("  Status: " + (r.get("registered").asBoolean() ? "UP" : "DOWN"));
            out().println("  Remote address: " + (r.get("remoteAddress").isNull() ? "-" : r.get("remoteAddress").asText()));
            out().println("  Worker address: " + r.get("workerAddress").asText());
            out().println("  Route: " + (r.get("forwardingRoute").isNull() ? "-" : r.get("forwardingRoute").asText()));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Stop a relay a node created; the relay node drops it once the connection under it closes.",
            footer = {"", "Example:", "  ockam relay delete n2 --at n2 --yes"})
    static final class Delete extends Base {
        @Parameters(paramLabel = "RELAY_NAME")
        String name;

        @Option(names = {"--at", "--node", "--to"}, paramLabel = "NODE",
                description = "The node on which to delete the relay (default: the default node).")
        String node;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), node);
            PortalArgs.delete(this, yes, "relay " + name + " of node " + n, n, "relay.delete", name);
        }
    }
}
