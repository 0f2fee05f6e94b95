package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * The shape of every {@code list} subcommand: ask a node's manager for its rows, then print them as JSON
 * ({@code --output json}) or as text ({@link #printText}). A subclass names the manager's method and prints.
 */
abstract class ListCommand extends Base {
    @Mixin
    NodeOption node;

    private final String method;

    /** {@code method}: the node manager's listing, e.g. {@code workers.list}. */
    ListCommand(String method) {
        this.method = method;
    }

    /** Prints the rows of node {@code node} for a terminal. */
    abstract void printText(String node, JsonNode rows);

    @Override
    final boolean hasJsonOutput() {
        return true;
    }

    @Override
    final void execute() {
        String n = node(node);
        JsonNode rows = client().call(n, method, List.of());
        if (json()) {
            printJson(rows);
        } else {
            printText(n, rows);
        }
    }
}
