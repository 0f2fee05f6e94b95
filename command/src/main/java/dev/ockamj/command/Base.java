package dev.ockamj.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ockamj.command.state.NodeStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** What every command shares: the state store, a lazily started client, and output. */
abstract class Base implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private NodeStore store;
    private ManagerClient client;

    /** Output format. */
    enum Format { plain, json }

    /** Ockam's global {@code --output}, on every command (before or after the subcommand: {@link GlobalOptions}). */
    @CommandLine.Option(names = "--output", paramLabel = "plain|json",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: plain; JSON for node show and node start"
                    + " when stdout is not a terminal, as in Ockam).")
    Format format;

    /** Ockam's {@code -v}, counted ({@code -vv}): how much the node logs (see {@code node create}). */
    @CommandLine.Option(names = {"-v", "--verbose"}, description = "More detailed logs (a node: DEBUG); may be repeated, -vv.")
    boolean[] verbosity = new boolean[0];

    /**
     * True if the user asked for JSON, or left {@code --output} out on a command that prints JSON to scripts as
     * Ockam's does ({@link #jsonWhenPiped}); only commands that {@linkplain #hasJsonOutput have it} may be asked.
     */
    boolean json() {
        return format == Format.json || (format == null && jsonWhenPiped() && System.console() == null);
    }

    /** Whether, without {@code --output}, this command prints JSON when stdout is not a terminal (Ockam's machine output). */
    boolean jsonWhenPiped() {
        return false;
    }

    boolean verbose() {
        return verbosity.length > 0;
    }

    /** Whether this command prints JSON for {@code --output json}; the others refuse it as a usage error. */
    boolean hasJsonOutput() {
        return false;
    }

    /** The node a command acts on: {@code --at NODE} (also spelled {@code --node} or {@code --from}). */
    static final class NodeOption {
        @CommandLine.Option(names = {"--at", "--node", "--from"}, paramLabel = "NODE",
                description = "The node (default: the default node).")
        String name;
    }

    /** The node {@code option} names, or the default node. */
    String node(NodeOption option) {
        return Nodes.nameOrDefault(store(), option.name);
    }

    NodeStore store() {
        if (store == null) {
            store = NodeStore.fromEnvironment();
        }
        return store;
    }

    ManagerClient client() {
        if (client == null) {
            client = new ManagerClient(store());
        }
        return client;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new CommandException("cannot write JSON: " + e.getMessage());
        }
    }

    /**
     * Calls {@code method} on node {@code node}; with {@code --output json} prints the answer and returns null, so
     * that the caller only prints text.
     */
    com.fasterxml.jackson.databind.JsonNode callForText(String node, String method, java.util.List<String> args) {
        return callForText(node, method, args, ManagerClient.DEFAULT_TIMEOUT);
    }

    /** {@link #callForText(String, String, java.util.List)} waiting up to {@code timeout} for the answer. */
    com.fasterxml.jackson.databind.JsonNode callForText(String node, String method, java.util.List<String> args,
            java.time.Duration timeout) {
        com.fasterxml.jackson.databind.JsonNode answer = client().call(node, method, args, timeout);
        if (json()) {
            printJson(answer);
            return null;
        }
        return answer;
    }

    @Override
    public final Integer call() {
        try {
            if (json() && !hasJsonOutput()) {
                throw CommandException.usage("'" + spec.qualifiedName() + "' has no JSON output yet; run it without"
                        + " --output json");
            }
            // with OTEL_* set, the command's span: the root of what it asks the nodes, which carry its trace on
            OpenTelemetrySdk otel = client().telemetry();
            Span span = otel == null ? null
                    : otel.getTracer("dev.ockamj.command").spanBuilder(spec.qualifiedName()).startSpan();
            try (Scope ignored = span == null ? null : span.makeCurrent()) {
                execute();
                return 0;
            } catch (RuntimeException e) {
                if (span != null) {
                    span.setStatus(StatusCode.ERROR, e.getMessage());
                }
                throw e;
            } finally {
                if (span != null) {
                    span.end();
                }
            }
        } finally {
            if (client != null) {
                client.close();
            }
            out().flush();
        }
    }

    abstract void execute();
}
