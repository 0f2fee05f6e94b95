package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStatus;
import dev.ockamj.command.state.NodeStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ockam node ...}: create, list, show, stop, start, delete nodes and read their logs. */
@Command(name = "node", description = "Create, run and manage nodes.", mixinStandardHelpOptions = true,
        subcommands = {NodeCommands.Create.class, NodeCommands.ListNodes.class, NodeCommands.Show.class,
                NodeCommands.Stop.class, NodeCommands.Start.class, NodeCommands.Delete.class, NodeCommands.Logs.class},
        footer = {"", "Example:", "  ockam node create n1", "  ockam node list"})
final class NodeCommands implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a node and start it in the background (or in this terminal with --foreground); or"
                    + " create one from a YAML configuration (a file, or --configuration), as Ockam's does.",
            footer = {"", "Examples:", "  ockam node create                 # a random name",
                    "  ockam node create n1 --tcp-listener-address 127.0.0.1:4000",
                    "  ockam node create n2 --foreground --verbose",
                    "  ockam node create n3 --http-server-port 8080    # status at http://127.0.0.1:8080/show",
                    "  ockam node create n5 --metrics-port 9464        # Prometheus at http://127.0.0.1:9464/metrics",
                    "  ockam node create node.yaml --variable PORT=5432",
                    "  ockam node create --configuration \"{name: n4, tcp-outlets: {db: {to: 5432}}}\""})
    static final class Create extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME_OR_CONFIGURATION",
                description = "The node's name (default: random), or a YAML file that configures the node.")
        String name;

        @Option(names = "--tcp-listener-address", defaultValue = NodeProcess.DEFAULT_LISTENER,
                description = "Where the node listens for Ockam TCP messages (default: ${DEFAULT-VALUE}).")
        String listener;

        @Option(names = {"-f", "--foreground"}, description = "Run the node in this terminal until interrupted.")
        boolean foreground;

        @Option(names = "--identity", paramLabel = "NAME",
                description = "Give the node this named identity (ockam identity create NAME); default: a new one.")
        String identity;

        @Option(names = {"--http-server", "--enable-http-server"},
                description = "Serve the node's status as JSON on 127.0.0.1, on a free port (GET /show).")
        boolean httpServer;

        @Option(names = "--http-server-port", paramLabel = "PORT",
                description = "Serve the node's status as JSON on 127.0.0.1:PORT (GET /show).")
        Integer httpServerPort;

        @Option(names = "--metrics-port", paramLabel = "PORT",
                description = "Serve the node's meters to Prometheus on 127.0.0.1:PORT (GET /metrics; 0: a free port,"
                        + " shown by node show).")
        Integer metricsPort;

        @Option(names = {"--configuration", "--node-config"}, paramLabel = "YAML",
                description = "The node's configuration as inline YAML, e.g. \"{name: n1, tcp-outlets: {db: {to: 5432}}}\".")
        String configuration;

        @Option(names = "--variable", paramLabel = "KEY=VALUE",
                description = "A variable of the configuration (before the environment's); may be repeated.")
        List<String> variables = new ArrayList<>();

        @Override
        void execute() {
            java.nio.file.Path file = name != null && Files.isRegularFile(java.nio.file.Path.of(name))
                    ? java.nio.file.Path.of(name) : null;
            if (file != null || configuration != null) {
                ConfiguredNode.create(this, file);
                return;
            }
            if (!variables.isEmpty()) {
                throw CommandException.usage("--variable is for a node configuration (a YAML file or --configuration)");
            }
            String n = name != null ? Nodes.name(name) : store().randomName();
            if (store().get(n).isPresent() && !foreground) {
                // as Ockam: creating a node that exists but is not running starts it again (a running one is an error)
                printNode(out(), Start.restart(store(), client(), Nodes.existing(store(), n), verbose()), NodeStatus.UP);
                return;
            }
            NodeRecord record = create(n, listener, identity, httpPort(httpServer, httpServerPort),
                    metricsPort(metricsPort));
            if (record != null) {
                printNode(out(), record, NodeStatus.UP);
            }
        }

        /** The HTTP server's requested port ("0": any), or null for none; the two options exclude each other. */
        static String httpPort(boolean any, Integer port) {
            if (any && port != null) {
                throw CommandException.usage("--http-server picks a free port, --http-server-port the one given: use one");
            }
            if (port != null && (port < 0 || port > 65535)) {
                throw CommandException.usage("--http-server-port " + port + " is not a TCP port (0..65535)");
            }
            return port != null ? port.toString() : any ? "0" : null;
        }

        /** The Prometheus endpoint's requested port ("0": any), or null for none. */
        static String metricsPort(Integer port) {
            if (port != null && (port < 0 || port > 65535)) {
                throw CommandException.usage("--metrics-port " + port + " is not a TCP port (0..65535)");
            }
            return port == null ? null : port.toString();
        }

        /**
         * Creates node {@code n} and starts it (in the background, unless --foreground: then it returns when the node
         * stops, with null).
         */
        NodeRecord create(String n, String listenAt, String identityName, String httpPort, String metricsPort) {
            checkListenerAddress(listenAt); // a clear error before anything is created
            String secrets = identityName == null ? null : store().readIdentity(identityName).orElseThrow(() ->
                    new CommandException("no identity '" + identityName + "' — create it with: ockam identity create "
                            + identityName));
            store().create(n);
            if (secrets != null) {
                store().setNodeIdentity(n, secrets);
            }
            store().update(n, r -> r.withProperty(NodeProcess.REQUESTED_LISTENER, listenAt)
                    .withProperty(NodeView.IDENTITY_NAME, identityName)
                    .withProperty(NodeProcess.HTTP_SERVER_PORT, httpPort)
                    .withProperty(NodeProcess.METRICS_PORT, metricsPort).withVerbose(verbose()));
            if (foreground) {
                NodeProcess.run(store(), n, verbose());
                return null;
            }
            try {
                return NodeLauncher.start(store(), client(), n, verbose());
            } catch (CommandException e) {
                throw new CommandException(e.getMessage() + "\nThe node's state is kept; remove it with: ockam node delete " + n);
            }
        }
    }

    /** HOST:PORT where port 0 (any free port) is allowed too. */
    static void checkListenerAddress(String address) {
        // TcpHop checks host and port for connecting, where 0 is invalid; for listening 0 means "pick one"
        dev.ockamj.command.multiaddr.TcpHop.parse(address.endsWith(":0") ? address.substring(0, address.length() - 1) + "1" : address);
    }

    static void printNode(java.io.PrintWriter out, NodeRecord record, NodeStatus status) {
        out.println("Node:");
        out.println("  Name: " + record.name());
        out.println("  Status: " + status);
        if (record.tcpListenerAddress() != null) {
            out.println("  TCP listener: " + record.tcpListenerAddress()
                    + record.tcpListenerMultiAddr().map(m -> " (" + m + ")").orElse(""));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List nodes: status (UP, DOWN, ZOMBIE, BROKEN), pid, TCP listener, default marker.",
            footer = {"", "Example:", "  ockam node list --output json"})
    static final class ListNodes extends Base {
        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            Optional<String> def = store().getDefault();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (NodeRecord r : store().list()) {
                rows.add(NodeView.listRow(r, store().status(r), def.filter(r.name()::equals).isPresent()));
            }
            if (json()) {
                printJson(rows);
                return;
            }
            if (rows.isEmpty()) {
                out().println("No nodes. Create one with: ockam node create");
                return;
            }
            out().printf("%-20s %-7s %-8s %-22s %s%n", "NAME", "STATUS", "PID", "TCP LISTENER", "DEFAULT");
            for (Map<String, Object> row : rows) {
                out().printf("%-20s %-7s %-8s %-22s %s%n", row.get("name"), row.get("state"),
                        row.get("pid") == null ? "-" : row.get("pid"),
                        row.get("tcpListener") == null ? "-" : row.get("tcpListener"),
                        Boolean.TRUE.equals(row.get("is_default")) ? "*" : "");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one node (default: the default node).",
            footer = {"", "Examples:", "  ockam node show n1",
                    "  ockam node show n1 --metrics                  # its meters: messages routed, delivered, dropped, ...",
                    "  ockam node show n1 --metrics --output json | jq '.[] | select(.name == \"ockamj.node.messages.delivered\") | .value'"})
    static final class Show extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Option(names = "--metrics", description = "Print the running node's meters instead (with or without"
                + " --metrics-port), one per line: NAME{TAG=VALUE,...} VALUE, sorted; JSON: an array of"
                + " {name, type, tags, value}.")
        boolean metrics;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        boolean jsonWhenPiped() {
            return true;
        }

        @Override
        void execute() {
            NodeRecord r = Nodes.existing(store(), Nodes.nameOrDefault(store(), name));
            if (metrics) {
                printMetrics(client().call(r.name(), "node.metrics", List.of()));
                return;
            }
            Map<String, Object> info = view(store(), client(), r);
            if (json()) {
                printJson(info);
                return;
            }
            printNode(out(), r, store().status(r));
            if (r.hasPid()) {
                out().println("  PID: " + r.pid());
            }
            out().println("  Default: " + (Boolean.TRUE.equals(info.get("is_default")) ? "yes" : "no"));
            out().println("  Created: " + r.createdAt());
            out().println("  Log: " + info.get("log"));
            if (info.get("http_server_address") != null) {
                out().println("  HTTP server: http://" + info.get("http_server_address") + "/show");
            }
            if (info.get("metrics") != null) {
                out().println("  Metrics: " + info.get("metrics"));
            }
            if (r.isBroken()) {
                out().println("  Problem: " + r.problem());
            }
            if (store().status(r) == NodeStatus.UP) {
                out().println("  Services:");
                ((JsonNode) info.get("services")).forEach(s -> out().printf("    %-12s /service/%s%n",
                        s.get("type").asText(), s.get("addr").asText()));
                JsonNode relays = (JsonNode) info.get("relays");
                if (!relays.isEmpty()) {
                    out().println("  Relays:");
                    relays.forEach(x -> out().printf("    %-28s → %s%n", x.get("address").asText(), x.get("forwardRoute").asText()));
                }
            }
        }

        /** The node manager's {@code node.metrics} rows, as JSON, or as {@code NAME{TAG=VALUE,...} VALUE} lines. */
        private void printMetrics(JsonNode rows) {
            if (json()) {
                printJson(rows);
                return;
            }
            for (JsonNode row : rows) {
                out().println(meterLine(row));
            }
        }

        /** {@code ockamj.node.messages.delivered{node=n1} 12}: an integral value without ".0", a missing one NaN. */
        static String meterLine(JsonNode row) {
            StringBuilder sb = new StringBuilder(row.path("name").asText()).append('{');
            java.util.Iterator<Map.Entry<String, JsonNode>> tags = row.path("tags").fields();
            while (tags.hasNext()) {
                Map.Entry<String, JsonNode> t = tags.next();
                sb.append(t.getKey()).append('=').append(t.getValue().asText()).append(tags.hasNext() ? "," : "");
            }
            sb.append("} ");
            JsonNode v = row.path("value");
            if (!v.isNumber()) {
                sb.append("NaN");
            } else if (v.doubleValue() == Math.rint(v.doubleValue()) && Math.abs(v.doubleValue()) < 1e15) {
                sb.append((long) v.doubleValue());
            } else {
                sb.append(v.doubleValue());
            }
            return sb.toString();
        }

        /** What {@code node show} prints as JSON; asks the node for what only it knows when it is running. */
        static Map<String, Object> view(NodeStore store, ManagerClient client, NodeRecord r) {
            NodeStatus status = store.status(r);
            boolean up = status == NodeStatus.UP;
            JsonNode resources = up ? client.call(r, "node.resources", List.of(), ManagerClient.DEFAULT_TIMEOUT) : null;
            Map<String, Object> info = NodeView.show(r, status, store.getDefault().filter(r.name()::equals).isPresent(), resources);
            info.put("log", store.logFile(r.name()).toString());
            // the relays this node serves to others (relay list: those it created)
            info.put("relays", up ? client.call(r, "relay.served", List.of(), ManagerClient.DEFAULT_TIMEOUT) : List.of());
            return info;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a node's process; its state is kept.",
            footer = {"", "Example:", "  ockam node stop n1"})
    static final class Stop extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), name);
            NodeRecord r = Nodes.existing(store(), n);
            NodeStatus status = store().status(r);
            if (status == NodeStatus.ZOMBIE) {
                store().update(n, NodeRecord::stopped);
                throw new CommandException("node '" + n + "' was not running (its process had died); it is now marked"
                        + " as stopped — start it with: ockam node start " + n);
            }
            if (status != NodeStatus.UP) {
                throw new CommandException("node '" + n + "' is not running — start it with: ockam node start " + n);
            }
            stopProcess(store(), client(), r);
            out().println("Node " + n + " stopped");
        }
    }

    /** Asks the node to stop; if it does not, terminates its process. Marks the record stopped. */
    static void stopProcess(NodeStore store, ManagerClient client, NodeRecord r) {
        Optional<ProcessHandle> process = store.process(r);
        try {
            client.call(r, "stop", List.of(), Duration.ofSeconds(5));
        } catch (CommandException e) {
            // not answering: terminate it below
        }
        process.ifPresent(p -> {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroy();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e2) {
                    p.destroyForcibly();
                }
            }
        });
        store.update(r.name(), x -> x.pid() == r.pid() ? x.stopped() : x);
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a stopped node again: same name, same listener address when possible.",
            footer = {"", "Example:", "  ockam node start n1"})
    static final class Start extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        boolean jsonWhenPiped() {
            return true;
        }

        @Override
        void execute() {
            NodeRecord r = Nodes.existing(store(), Nodes.nameOrDefault(store(), name));
            NodeRecord started = restart(store(), client(), r, verbose());
            if (json()) { // as Ockam's node start: the node as node show prints it
                printJson(Show.view(store(), client(), started));
            } else {
                printNode(out(), started, NodeStatus.UP);
            }
        }

        /** Starts node {@code r} again unless it is running or broken (then says what to do). */
        static NodeRecord restart(NodeStore store, ManagerClient client, NodeRecord r, boolean verbose) {
            String n = r.name();
            NodeStatus status = store.status(r);
            if (status == NodeStatus.UP) {
                throw new CommandException("node '" + n + "' already exists and is running — see: ockam node show " + n);
            }
            if (status == NodeStatus.BROKEN) {
                throw new CommandException("node '" + n + "' has a broken state (" + r.problem()
                        + ") — remove it with: ockam node delete " + n);
            }
            store.update(n, NodeRecord::stopped); // a ZOMBIE's dead pid is cleared first
            return NodeLauncher.start(store, client, n, verbose || r.verbose());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Stop a node and remove its state.",
            footer = {"", "Examples:", "  ockam node delete n1", "  ockam node delete --all -y"})
    static final class Delete extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Option(names = "--all", description = "Delete every node.")
        boolean all;

        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        void execute() {
            List<String> names = new ArrayList<>();
            if (all) {
                if (name != null) {
                    throw CommandException.usage("give a node name or --all, not both");
                }
                store().list().forEach(r -> names.add(r.name()));
                if (names.isEmpty()) {
                    out().println("No nodes to delete.");
                    return;
                }
                if (!yes && !confirm("Delete all " + names.size() + " nodes (" + String.join(", ", names) + ")? [y/N] ")) {
                    throw new CommandException("nothing deleted — to delete without a question: ockam node delete --all -y");
                }
            } else {
                if (name == null) {
                    throw CommandException.usage("which node? — ockam node delete NAME, or ockam node delete --all");
                }
                names.add(Nodes.existing(store(), name).name());
            }
            for (String n : names) {
                NodeRecord r = Nodes.existing(store(), n);
                if (store().status(r) == NodeStatus.UP) {
                    stopProcess(store(), client(), r);
                }
                store().delete(n);
                out().println("Node " + n + " deleted");
            }
        }

        private boolean confirm(String question) {
            out().print(question);
            out().flush();
            try {
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
            } catch (IOException e) {
                return false;
            }
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Print the path of a node's log file (its stdout; stderr.log is beside it), as Ockam's does.",
            footer = {"", "Examples:", "  ockam node logs n1", "  tail -f \"$(ockam node logs n1)\""})
    static final class Logs extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.existing(store(), Nodes.nameOrDefault(store(), name)).name();
            String path = store().logFile(n).toString();
            if (!Files.exists(store().logFile(n))) {
                throw new CommandException("there is no log file for the node " + n);
            }
            if (json()) {
                printJson(Map.of("path", path));
            } else if (System.console() == null) {
                out().println(path); // Ockam's machine output: the path alone
            } else {
                out().println("The path for the log file is: " + path);
            }
        }
    }
}
