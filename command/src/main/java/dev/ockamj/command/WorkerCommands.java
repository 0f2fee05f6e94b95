package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code ockam worker list --at NODE}. */
@Command(name = "worker", description = "The workers of a node.", mixinStandardHelpOptions = true,
        subcommands = WorkerCommands.ListWorkers.class, footer = {"", "Example:", "  ockam worker list --at n1"})
final class WorkerCommands {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the workers of a node.",
            footer = {"", "Example:", "  ockam worker list --at n1"})
    static final class ListWorkers extends ListCommand {
        ListWorkers() {
            super("workers.list");
        }

        @Override
        void printText(String n, JsonNode workers) {
            out().println("Workers on node " + n + ":");
            // the form --to takes: /node/N/service/NAME (LOCAL addresses are /service/ and /worker/ alike)
            workers.forEach(w -> out().println("  /service/" + w.get("addr").asText()));
        }
    }
}
