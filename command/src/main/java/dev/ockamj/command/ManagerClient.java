package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.command.manager.ManagerRequest;
import dev.ockamj.command.manager.ManagerResponse;
import dev.ockamj.command.manager.NodeManager;
import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStatus;
import dev.ockamj.command.state.NodeStore;
import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * How the command talks to a node's manager: from a short-lived node of its own, over Ockam's TCP wire, with the
 * node's secret from {@code $OCKAM_HOME} in every request.
 */
final class ManagerClient implements AutoCloseable {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeStore store;
    private Node node;
    private TcpTransport tcp;
    private OpenTelemetrySdk telemetry;
    private boolean telemetryChecked;

    ManagerClient(NodeStore store) {
        this.store = store;
    }

    /** The command's own in-process node, started on first use. */
    Node node() {
        if (node == null) {
            Node.Builder builder = Node.builder().name("ockam-command-" + Address.random().valueString().substring(0, 8))
                    .config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s"));
            OpenTelemetrySdk otel = telemetry();
            node = (otel == null ? builder : builder.openTelemetry(otel)).start();
            tcp = TcpTransport.create(node);
        }
        return node;
    }

    TcpTransport tcp() {
        node();
        return tcp;
    }

    /** The node's record, which must exist and be UP. */
    NodeRecord running(String name) {
        NodeRecord record = Nodes.existing(store, name);
        NodeStatus status = store.status(record);
        if (status != NodeStatus.UP || record.tcpListenerAddress() == null) {
            throw new CommandException("node '" + name + "' is not running — start it with: ockam node start " + name);
        }
        return record;
    }

    /** Calls {@code method} on node {@code name}'s manager; returns the JSON body of a successful answer. */
    JsonNode call(String name, String method, List<String> args, Duration timeout) {
        NodeRecord record = running(name);
        return call(record, method, args, timeout);
    }

    JsonNode call(String name, String method, List<String> args) {
        return call(name, method, args, DEFAULT_TIMEOUT);
    }

    JsonNode call(NodeRecord record, String method, List<String> args, Duration timeout) {
        ManagerResponse response = request(record, store.secret(record.name()), method, args, timeout);
        if (!response.ok()) {
            throw new CommandException(response.error());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CommandException("node '" + record.name() + "' sent an answer that is not JSON: " + e.getMessage());
        }
    }

    /** One request with the given secret (tests use a wrong one); transport errors become CommandExceptions. */
    ManagerResponse request(NodeRecord record, String secret, String method, List<String> args, Duration timeout) {
        Route route = Route.of(Address.of(1, record.tcpListenerAddress()), Address.local(NodeManager.ADDRESS));
        try {
            return node().request(route, new ManagerRequest(secret, method, args), ManagerResponse.class, timeout)
                    .toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OckamException o && o.kind() == OckamException.Kind.TIMEOUT) {
                throw new CommandException("node '" + record.name() + "' did not answer within " + timeout.toSeconds()
                        + "s — see its log: ockam node logs " + record.name());
            }
            throw new CommandException("cannot reach node '" + record.name() + "' at " + record.tcpListenerAddress()
                    + ": " + (cause == null ? e.getMessage() : cause.getMessage())
                    + " — see: ockam node show " + record.name());
        }
    }

    @Override
    public void close() {
        if (node != null) {
            node.stop();
        }
        if (telemetry != null) {
            telemetry.close(); // sends the command's spans before the process ends
        }
    }

    /**
     * The command's OpenTelemetry when the environment asks for traces (NodeTelemetry), else null. Started on
     * first use only, so that commands without OTEL_* variables pay nothing for it.
     */
    OpenTelemetrySdk telemetry() {
        if (telemetry == null && !telemetryChecked) {
            telemetryChecked = true;
            telemetry = NodeTelemetry.fromEnvironment("ockamj-command", System.getenv());
        }
        return telemetry;
    }
}
