package dev.ockamj.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A declarative node, as Ockam's {@code ockam node create config.yaml} / {@code --configuration} reads it
 * (ockam_command/src/node/create/config.rs and run/parser at fb8fb64): a YAML text whose {@code $VAR},
 * {@code ${VAR}} and {@code ${VAR:-default}} are replaced from {@code --variable}, the environment and its own
 * {@code variables:} section (in that order), with the node's options at the top and one section per kind of
 * resource. Each resource becomes the command line that creates it ({@link #commands}), as in Ockam.
 */
final class NodeConfiguration {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The node's own keys (Ockam's spellings; {@code _} and {@code -} are the same). */
    private static final List<String> NODE_KEYS = List.of("name", "tcp-listener-address", "http-server",
            "enable-http-server", "http-server-port", "metrics-port", "identity");

    /** The resource sections, in the order Ockam runs them, with their aliases. */
    private enum Section {
        RELAYS(List.of("relays", "relay"), "relay", null),
        TCP_CONNECTIONS(List.of("tcp-connections", "tcp-connection"), "tcp-connection", "to"),
        TCP_INLETS(List.of("tcp-inlets", "tcp-inlet"), "tcp-inlet", "alias"),
        TCP_OUTLETS(List.of("tcp-outlets", "tcp-outlet"), "tcp-outlet", "from");

        final List<String> keys;
        final String command;
        /** The option a resource's name sets ({@code null}: the positional NAME, as {@code relay create NAME}). */
        final String nameOption;

        Section(List<String> keys, String command, String nameOption) {
            this.keys = keys;
            this.command = command;
            this.nameOption = nameOption;
        }
    }

    private final JsonNode root;

    private NodeConfiguration(JsonNode root) {
        this.root = root;
    }

    /**
     * Parses {@code text} with its variables replaced.
     *
     * @param given {@code --variable KEY=VALUE}s, which come before the environment
     * @throws CommandException naming the variable, key or YAML problem
     */
    static NodeConfiguration parse(String text, Map<String, String> given, Map<String, String> environment) {
        Map<String, String> variables = new LinkedHashMap<>(ownVariables(text));
        variables.putAll(environment);
        variables.putAll(given);
        JsonNode root = read(Variables.expand(text, variables));
        if (root == null || root.isNull() || root.isMissingNode()) {
            throw new CommandException("the node configuration is empty");
        }
        if (!root.isObject()) {
            throw new CommandException("a node configuration is a YAML map (name: n1, tcp-outlets: …), not " + root.getNodeType());
        }
        root.fieldNames().forEachRemaining(k -> {
            String key = k.replace('_', '-');
            if (!NODE_KEYS.contains(key) && !key.equals("variables") && !key.equals("version") && section(key) == null) {
                throw new CommandException("the node configuration has '" + k + "', which ockamj does not support (it"
                        + " knows: " + String.join(", ", NODE_KEYS) + ", relays, tcp-connections, tcp-inlets,"
                        + " tcp-outlets, variables, version)");
            }
        });
        return new NodeConfiguration(root);
    }

    /** The {@code variables:} section, read before expansion (a value may not itself hold variables). */
    private static Map<String, String> ownVariables(String text) {
        Map<String, String> own = new LinkedHashMap<>();
        JsonNode vars;
        try {
            vars = YAML.readTree(text).path("variables");
        } catch (JsonProcessingException e) {
            return own; // a text that does not parse before expansion is reported after it
        }
        if (vars.isMissingNode() || vars.isNull()) {
            return own;
        }
        if (!vars.isObject()) {
            throw new CommandException("'variables' in the node configuration must be a map of NAME: value");
        }
        vars.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new CommandException("List values are not supported for variable '" + e.getKey() + "'");
            }
            own.put(e.getKey(), v.isNull() ? "" : v.asText());
        });
        return own;
    }

    private static JsonNode read(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new CommandException("could not parse the node configuration: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
    }

    private static Section section(String key) {
        for (Section s : Section.values()) {
            if (s.keys.contains(key)) {
                return s;
            }
        }
        return null;
    }

    /** The node's value for {@code key} (either spelling), or null. */
    String nodeValue(String key) {
        JsonNode v = value(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private JsonNode value(String key) {
        JsonNode v = root.get(key);
        return v != null ? v : root.get(key.replace('-', '_'));
    }

    /**
     * The command lines that make the resources on node {@code node}, section by section in Ockam's order (relays,
     * connections, inlets, outlets): {@code relay create NAME --to NODE …}, {@code tcp-outlet create --at NODE
     * --from NAME …}, where each of a resource's keys is an option ({@code to: 5432} is {@code --to 5432}, a
     * true boolean a flag, a list the option repeated).
     */
    List<List<String>> commands(String node) {
        List<List<String>> commands = new ArrayList<>();
        for (Section s : Section.values()) {
            for (String key : s.keys) {
                JsonNode v = value(key);
                if (v != null && !v.isNull()) {
                    resources(s, key, v).forEach(r -> commands.add(commandLine(s, node, r)));
                }
            }
        }
        return commands;
    }

    /** A resource: its name (null when it has none) and its options. */
    private record Resource(String name, Map<String, JsonNode> options) {
    }

    /**
     * Ockam's {@code ResourceNameOrMap}: a name; a map of names to options; one map of options; or a list of
     * names and option maps.
     */
    private static List<Resource> resources(Section s, String key, JsonNode v) {
        List<Resource> out = new ArrayList<>();
        if (v.isValueNode()) {
            out.add(new Resource(v.asText(), Map.of()));
        } else if (v.isArray()) {
            for (JsonNode item : v) {
                if (item.isContainerNode() && !item.isObject()) {
                    throw new CommandException("'" + key + "' in the node configuration: a list of names or maps of options");
                }
                out.add(item.isValueNode() ? new Resource(item.asText(), Map.of()) : new Resource(null, options(item)));
            }
        } else {
            boolean named = true;
            for (JsonNode x : v) {
                named &= x.isObject() || x.isNull();
            }
            if (named) {
                v.fields().forEachRemaining(e -> out.add(new Resource(e.getKey(),
                        e.getValue().isNull() ? Map.of() : options(e.getValue()))));
            } else {
                out.add(new Resource(null, options(v)));
            }
        }
        return out;
    }

    private static Map<String, JsonNode> options(JsonNode map) {
        Map<String, JsonNode> options = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue()));
        return options;
    }

    private static List<String> commandLine(Section s, String node, Resource r) {
        List<String> argv = new ArrayList<>(List.of(s.command, "create"));
        if (r.name() != null && s.nameOption == null) {
            argv.add(r.name());
        }
        Map<String, JsonNode> options = r.options();
        if (r.name() != null && s.nameOption != null && !options.containsKey(s.nameOption)) {
            argv.add("--" + s.nameOption);
            argv.add(r.name());
        }
        // the node the resource belongs to, unless the resource says otherwise
        String nodeOption = switch (s) {
            case RELAYS -> "to";
            case TCP_CONNECTIONS -> "from";
            default -> "at";
        };
        if (!options.containsKey(nodeOption)) {
            argv.add("--" + nodeOption);
            argv.add(node);
        }
        options.forEach((k, v) -> {
            String flag = (k.length() == 1 ? "-" : "--") + k;
            if (v.isBoolean()) {
                if (v.booleanValue()) {
                    argv.add(flag);
                }
            } else if (v.isArray()) {
                v.forEach(x -> {
                    argv.add(flag);
                    argv.add(x.asText());
                });
            } else if (v.isObject()) {
                throw new CommandException("option '" + k + "' of a " + s.command + " in the node configuration is a map;"
                        + " expected a value");
            } else {
                argv.add(flag);
                argv.add(v.asText());
            }
        });
        return argv;
    }
}
