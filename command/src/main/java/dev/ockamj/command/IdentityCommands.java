package dev.ockamj.command;

import dev.ockamj.identity.Identity;
import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.IdentitySecrets;
import dev.ockamj.identity.KeyKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ockam identity create NAME | list | show [NAME] [--at NODE] [--full]}: named identities kept in
 * {@code $OCKAM_HOME/identities} (owner-only files), which {@code node create --identity NAME} gives to a node, and
 * the identities of nodes.
 */
@Command(name = "identity", description = "Identities: named ones, and those of nodes.", mixinStandardHelpOptions = true,
        subcommands = {IdentityCommands.Create.class, IdentityCommands.ListIdentities.class, IdentityCommands.Show.class},
        footer = {"", "Examples:", "  ockam identity create alice", "  ockam identity show --at n1 --full"})
final class IdentityCommands {

    static Identity parse(String secrets, String what) {
        try {
            return IdentitySecrets.parse(secrets).identity();
        } catch (IdentityException e) {
            throw new CommandException("the identity of " + what + " is damaged: " + e.getMessage());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a named identity; prints its identifier.",
            footer = {"", "Examples:", "  ockam identity create alice", "  ockam identity create kms --key-type p256",
                    "  ockam node create n1 --identity alice"})
    static final class Create extends Base {
        @Parameters(paramLabel = "NAME", description = "The identity's name.")
        String name;

        @Option(names = "--key-type", defaultValue = "ed25519", paramLabel = "ed25519|p256",
                description = "The kind of its signing key (default: ${DEFAULT-VALUE}).")
        String keyType;

        @Override
        void execute() {
            KeyKind kind = switch (keyType) {
                case "ed25519" -> KeyKind.ED25519;
                case "p256" -> KeyKind.P256;
                default -> throw CommandException.usage("--key-type is ed25519 or p256, not '" + keyType + "'");
            };
            IdentitySecrets secrets = IdentitySecrets.generate(kind);
            store().createIdentity(name, secrets.export());
            out().println(secrets.identity().identifier());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the named identities.",
            footer = {"", "Example:", "  ockam identity list --output json"})
    static final class ListIdentities extends Base {
        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String n : store().listIdentities()) {
                Identity i = parse(store().readIdentity(n).orElseThrow(), "identity '" + n + "'");
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", n);
                row.put("identifier", i.identifier().toString());
                row.put("key_type", i.keyType());
                rows.add(row);
            }
            if (json()) {
                printJson(rows);
                return;
            }
            if (rows.isEmpty()) {
                out().println("No identities. Create one with: ockam identity create NAME");
                return;
            }
            rows.forEach(r -> out().printf("%-20s %-8s %s%n", r.get("name"), r.get("key_type"), r.get("identifier")));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show an identity's identifier (a named one, else a node's); with --full, its change history"
                    + " (hex) too, which another node can import and verify.",
            footer = {"", "Examples:", "  ockam identity show alice --full", "  ockam identity show --at n1"})
    static final class Show extends Base {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "A named identity (default: the node's).")
        String name;

        @Mixin
        NodeOption node;

        @Option(names = "--full", description = "Also print the change history.")
        boolean full;

        @Override
        boolean hasJsonOutput() {
            return true;
        }

        @Override
        void execute() {
            Identity identity;
            if (name != null) {
                identity = parse(store().readIdentity(name).orElseThrow(() -> new CommandException("no identity '" + name
                        + "' — see: ockam identity list")), "identity '" + name + "'");
            } else {
                String n = node(node);
                Nodes.existing(store(), n);
                identity = parse(store().readIdentitySecrets(n).orElseThrow(() -> new CommandException("node '" + n
                        + "' has no identity yet: it gets one when it first starts — ockam node start " + n)),
                        "node '" + n + "'");
            }
            if (json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("identifier", identity.identifier().toString());
                m.put("change_history", identity.exportHex());
                printJson(m);
                return;
            }
            out().println(full ? identity.toString().stripTrailing() : identity.identifier().toString());
        }
    }
}
