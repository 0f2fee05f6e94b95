package dev.ockamj.command;

import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code node create config.yaml} / {@code --configuration YAML}: creates the node the configuration describes,
 * then runs the command line of each of its resources ({@link NodeConfiguration#commands}). If any part fails, the
 * node is deleted, as Ockam's does: the user never gets a half-made node.
 */
final class ConfiguredNode {
    private ConfiguredNode() {
    }

    static void create(NodeCommands.Create command, Path file) {
        if (file != null && command.configuration != null) {
            throw CommandException.usage("give a configuration file or --configuration, not both");
        }
        if (command.foreground) {
            throw CommandException.usage("a node from a configuration runs in the background (no --foreground)");
        }
        NodeConfiguration config = NodeConfiguration.parse(text(file, command.configuration),
                variables(command.variables), System.getenv());
        // a name on the command line wins over the configuration's, as in Ockam
        String given = file == null && command.name != null ? command.name : config.nodeValue("name");
        String n = given != null ? Nodes.name(given) : command.store().randomName();
        if (command.store().get(n).isPresent()) {
            throw new CommandException("node '" + n + "' already exists — a configuration creates a new node; delete"
                    + " it first (ockam node delete " + n + ") or give another name");
        }
        // an option given on the command line wins over the configuration's
        String listener = !command.listener.equals(NodeProcess.DEFAULT_LISTENER) || config.nodeValue("tcp-listener-address") == null
                ? command.listener : config.nodeValue("tcp-listener-address");
        String identity = command.identity != null ? command.identity : config.nodeValue("identity");
        String http = NodeCommands.Create.httpPort(command.httpServer, command.httpServerPort);
        if (http == null) {
            http = NodeCommands.Create.httpPort(
                    Boolean.parseBoolean(config.nodeValue("http-server")) || Boolean.parseBoolean(config.nodeValue("enable-http-server")),
                    config.nodeValue("http-server-port") == null ? null : port("http-server-port", config.nodeValue("http-server-port")));
        }
        String metrics = NodeCommands.Create.metricsPort(command.metricsPort != null ? command.metricsPort
                : config.nodeValue("metrics-port") == null ? null : port("metrics-port", config.nodeValue("metrics-port")));
        List<List<String>> resources = config.commands(n); // a bad section is an error before the node exists
        NodeRecord record;
        try {
            record = command.create(n, listener, identity, http, metrics);
        } catch (CommandException e) {
            deleteQuietly(command, n);
            throw new CommandException(e.getMessage().replaceFirst("\nThe node's state is kept.*", "")
                    + "\nThe node has been deleted.");
        }
        NodeCommands.printNode(command.out(), record, NodeStatus.UP);
        command.out().flush();
        for (List<String> argv : resources) {
            int status = OckamCommand.execute(argv.toArray(new String[0]));
            if (status != 0) {
                deleteQuietly(command, n);
                throw new CommandException("node '" + n + "' was not created: 'ockam " + String.join(" ", argv)
                        + "' failed (see above). The node has been deleted.");
            }
        }
    }

    private static void deleteQuietly(NodeCommands.Create command, String n) {
        command.store().get(n).ifPresent(r -> {
            if (command.store().status(r) == NodeStatus.UP) {
                NodeCommands.stopProcess(command.store(), command.client(), r);
            }
            command.store().delete(n);
        });
    }

    private static String text(Path file, String inline) {
        if (file == null) {
            return inline;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandException("cannot read the node configuration " + file + ": " + e.getMessage());
        }
    }

    /** {@code --variable KEY=VALUE}s, with Ockam's errors. */
    static Map<String, String> variables(List<String> given) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : given) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw CommandException.usage("invalid key=value pair: no `=` found in `" + kv + "`");
            }
            String key = kv.substring(0, eq);
            if (kv.substring(eq + 1).isEmpty()) {
                throw CommandException.usage("Empty value for variable '" + key + "'");
            }
            if (vars.put(key, kv.substring(eq + 1)) != null) {
                throw CommandException.usage("The variable with key " + key + " is duplicated");
            }
        }
        return vars;
    }

    private static Integer port(String key, String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new CommandException(key + " '" + value + "' in the node configuration is not a number");
        }
    }
}
