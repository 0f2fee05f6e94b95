package dev.ockamj.command;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The shape of the {@code delete} subcommands: one address (as listed), on one node, through one manager method,
 * confirmed on stdin unless {@code --yes} (as Ockam's). A subclass names the method, the multiaddr prefix its
 * listing shows, what it deletes, and says what it did.
 */
abstract class DeleteCommand extends Base {
    @Parameters(paramLabel = "ADDRESS", description = "The address, as listed.")
    String address;

    @Mixin
    NodeOption node;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    private final String method;
    private final String prefix;
    private final String what;

    /**
     * {@code method}: the node manager's, e.g. {@code tcp-listener.delete}; {@code prefix}: stripped if given;
     * {@code what}: for the question, e.g. {@code TCP listener}.
     */
    DeleteCommand(String method, String prefix, String what) {
        this.method = method;
        this.prefix = prefix;
        this.what = what;
    }

    /** What to print once node {@code node} has done it. */
    abstract String done(String address, String node);

    @Override
    final void execute() {
        String n = node(node);
        String a = prefix != null && address.startsWith(prefix) ? address.substring(prefix.length()) : address;
        if (!PortalArgs.confirmed(yes, out(), "Are you sure you want to delete this " + what + "?")) {
            throw new CommandException("not deleted — confirm with y, or add --yes");
        }
        client().call(n, method, List.of(a));
        out().println(done(address, n));
    }
}
