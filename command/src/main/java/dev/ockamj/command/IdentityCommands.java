package dev.ockamj.command;

import dev.ockamj.identity.Identity;
import dev.ockamj.identity.IdentitySecrets;
import dev.ockamj.identity.IdentityException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ockam identity show [--at NODE] [--full]}: a node's identity, as its peers see it. */
@Command(name = "identity", description = "The identities of nodes.", mixinStandardHelpOptions = true,
        subcommands = IdentityCommands.Show.class, footer = {"", "Example:", "  ockam identity show --at n1 --full"})
final class IdentityCommands {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a node's identifier; with --full, its change history (hex) too, which another node"
                    + " can import and verify.",
            footer = {"", "Example:", "  ockam identity show --at n1 --full"})
    static final class Show extends Base {
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
            String n = node(node);
            Nodes.existing(store(), n);
            String text = store().readIdentitySecrets(n).orElseThrow(() -> new CommandException("node '" + n
                    + "' has no identity yet: it gets one when it first starts — ockam node start " + n));
            Identity identity;
            try {
                identity = IdentitySecrets.parse(text).identity();
            } catch (IdentityException e) {
                throw new CommandException("the identity of node '" + n + "' is damaged: " + e.getMessage());
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
