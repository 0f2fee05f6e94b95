package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The shape of a {@code show} subcommand: one address (as listed) on one node, as JSON or as text. */
abstract class ShowCommand extends Base {
    @Parameters(paramLabel = "ADDRESS", description = "The address, as listed.")
    String address;

    @Mixin
    NodeOption node;

    private final String method;

    /** {@code method}: the node manager's, e.g. {@code tcp-listener.show}. */
    ShowCommand(String method) {
        this.method = method;
    }

    /** Prints what node {@code node} answered, for a terminal. */
    abstract void printText(String node, JsonNode value);

    @Override
    final boolean hasJsonOutput() {
        return true;
    }

    @Override
    final void execute() {
        String n = node(node);
        JsonNode value = callForText(n, method, List.of(address));
        if (value != null) {
            printText(n, value);
        }
    }
}
