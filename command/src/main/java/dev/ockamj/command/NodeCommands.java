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
            description = "Create a node and start it in the background (or in this terminal with --foreground).",
            footer = {"", "Examples:", "  ockam node create                 # a random name",
                    "  ockam node create n1 --tcp-listener-address 127.0.0.1:4000",
                    "  ockam node create n2 --foreground --verbose"})
    static final class Create extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "The node's name (default: random).")
        String name;

        @Option(names = "--tcp-listener-address", defaultValue = NodeProcess.DEFAULT_LISTENER,
                description = "Where the node listens for Ockam TCP messages (default: ${DEFAULT-VALUE}).")
        String listener;

        @Option(names = {"-f", "--foreground"}, description = "Run the node in this terminal until interrupted.")
        boolean foreground;

        @Option(names = {"-v", "--verbose"}, description = "More detailed logs.")
        boolean verbose;

        @Option(names = "--identity", paramLabel = "NAME",
                description = "Give the node this named identity (ockam identity create NAME); default: a new one.")
        String identity;

        @Override
        void execute() {
            checkListenerAddress(listener); // a clear error before anything is created
            String secrets = identity == null ? null : store().readIdentity(identity).orElseThrow(() ->
                    new CommandException("no identity '" + identity + "' — create it with: ockam identity create " + identity));
            String n = name != null ? name : store().randomName();
            store().create(n);
            if (secrets != null) {
                store().setNodeIdentity(n, secrets);
            }
            store().update(n, r -> r.withProperty(NodeProcess.REQUESTED_LISTENER, listener).withVerbose(verbose));
            if (foreground) {
                NodeProcess.run(store(), n, verbose);
                return;
            }
            NodeRecord record;
            try {
                record = NodeLauncher.start(store(), client(), n, verbose);
            } catch (CommandException e) {
                throw new CommandException(e.getMessage() + "\nThe node's state is kept; remove it with: ockam node delete " + n);
            }
            printNode(out(), record, NodeStatus.UP);
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
                rows.add(describe(store(), r, def));
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
                out().printf("%-20s %-7s %-8s %-22s %s%n", row.get("name"), row.get("status"),
                        row.get("pid") == null ? "-" : row.get("pid"),
                        row.get("tcpListener") == null ? "-" : row.get("tcpListener"),
                        Boolean.TRUE.equals(row.get("default")) ? "*" : "");
            }
        }
    }

    static Map<String, Object> describe(NodeStore store, NodeRecord r, Optional<String> def) {
        Map<String, Object> row = new LinkedHashMap<>();
        NodeStatus status = store.status(r);
        row.put("name", r.name());
        row.put("status", status.name());
        row.put("pid", r.hasPid() ? r.pid() : null);
        row.put("tcpListener", r.tcpListenerAddress());
        row.put("default", def.filter(r.name()::equals).isPresent());
        row.put("createdAt", r.createdAt().toString());
        if (r.isBroken()) {
            row.put("problem", r.problem());
        }
        return row;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one node (default: the default node).",
            footer = {"", "Example:", "  ockam node show n1"})
    static final class Show extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), name);
            NodeRecord r = Nodes.existing(store(), n);
            Map<String, Object> info = describe(store(), r, store().getDefault());
            info.put("log", store().logFile(n).toString());
            JsonNode services = null;
            JsonNode relays = null; // the relays this node serves to others (relay list: those it created)
            if (store().status(r) == NodeStatus.UP) {
                services = client().call(r, "services.list", List.of(), ManagerClient.DEFAULT_TIMEOUT);
                info.put("services", services);
                relays = client().call(r, "relay.served", List.of(), ManagerClient.DEFAULT_TIMEOUT);
                info.put("relays", relays);
            }
            if (json()) {
                printJson(info);
                return;
            }
            printNode(out(), r, store().status(r));
            if (r.hasPid()) {
                out().println("  PID: " + r.pid());
            }
            out().println("  Default: " + (Boolean.TRUE.equals(info.get("default")) ? "yes" : "no"));
            out().println("  Created: " + r.createdAt());
            out().println("  Log: " + info.get("log"));
            if (r.isBroken()) {
                out().println("  Problem: " + r.problem());
            }
            if (services != null) {
                out().println("  Services:");
                services.forEach(s -> out().printf("    %-12s /service/%s%n", s.get("type").asText(), s.get("address").asText()));
            }
            if (relays != null && !relays.isEmpty()) {
                out().println("  Relays:");
                relays.forEach(x -> out().printf("    %-28s → %s%n", x.get("address").asText(), x.get("forwardRoute").asText()));
            }
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

        @Option(names = {"-v", "--verbose"}, description = "More detailed logs.")
        boolean verbose;

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), name);
            NodeRecord r = Nodes.existing(store(), n);
            NodeStatus status = store().status(r);
            if (status == NodeStatus.UP) {
                throw new CommandException("node '" + n + "' is already running — see: ockam node show " + n);
            }
            if (status == NodeStatus.BROKEN) {
                throw new CommandException("node '" + n + "' has a broken state (" + r.problem()
                        + ") — remove it with: ockam node delete " + n);
            }
            store().update(n, NodeRecord::stopped); // a ZOMBIE's dead pid is cleared first
            NodeRecord started = NodeLauncher.start(store(), client(), n, verbose || r.verbose());
            printNode(out(), started, NodeStatus.UP);
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
                Nodes.existing(store(), name);
                names.add(name);
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

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Show a node's log.",
            footer = {"", "Example:", "  ockam node logs n1"})
    static final class Logs extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        void execute() {
            String n = Nodes.nameOrDefault(store(), name);
            Nodes.existing(store(), n);
            try {
                if (Files.exists(store().logFile(n))) {
                    Files.readAllLines(store().logFile(n), StandardCharsets.UTF_8).forEach(out()::println);
                } else {
                    out().println("node '" + n + "' has no log yet");
                }
            } catch (IOException e) {
                throw new CommandException("cannot read the log of node '" + n + "': " + e.getMessage());
            }
        }
    }
}
