package dev.ockamj.command;

import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The shape of the {@code delete} subcommands: one address (as listed), on one node, through one manager method.
 * A subclass names the method, the multiaddr prefix its listing shows, and says what it did.
 */
abstract class DeleteCommand extends Base {
    @Parameters(paramLabel = "ADDRESS", description = "The address, as listed.")
    String address;

    @Mixin
    NodeOption node;

    private final String method;
    private final String prefix;

    /** {@code method}: the node manager's, e.g. {@code tcp-listener.delete}; {@code prefix}: stripped if given. */
    DeleteCommand(String method, String prefix) {
        this.method = method;
        this.prefix = prefix;
    }

    /** What to print once node {@code node} has done it. */
    abstract String done(String address, String node);

    @Override
    final void execute() {
        String n = node(node);
        String a = prefix != null && address.startsWith(prefix) ? address.substring(prefix.length()) : address;
        client().call(n, method, List.of(a));
        out().println(done(address, n));
    }
}
