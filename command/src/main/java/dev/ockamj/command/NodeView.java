package dev.ockamj.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.command.manager.NodeManager;
import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node as JSON, with Ockam's field names first (its {@code node list} and {@code node show} /
 * {@code NodeResources} shapes, so scripts written for Ockam's command find what they look for), then ockamj's own.
 */
final class NodeView {
    /** Properties of a node's record that only the views read. */
    static final String IDENTITY_NAME = "identity-name";
    static final String HTTP_SERVER = "http-server-address";
    /** Where the node serves its meters to Prometheus (HOST:PORT), while it runs with {@code --metrics-port}. */
    static final String METRICS_SERVER = "metrics-address";

    private NodeView() {
    }

    /** Ockam's process status word: {@code running}, {@code stopped} or {@code zombie} (ours: {@code broken}). */
    static String ockamStatus(NodeStatus status) {
        return switch (status) {
            case UP -> "running";
            case DOWN -> "stopped";
            case ZOMBIE -> "zombie";
            case BROKEN -> "broken";
        };
    }

    /** A row of {@code node list}: Ockam's {@code node_name}, {@code status: {status, pid}}, {@code pid}, {@code is_default}. */
    static Map<String, Object> listRow(NodeRecord r, NodeStatus status, boolean isDefault) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("node_name", r.name());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", ockamStatus(status));
        if (status == NodeStatus.UP || status == NodeStatus.ZOMBIE) {
            s.put("pid", r.pid());
        }
        row.put("status", s);
        row.put("pid", r.hasPid() ? r.pid() : null);
        row.put("is_default", isDefault);
        ours(row, r, status);
        return row;
    }

    /**
     * {@code node show}: Ockam's {@code NodeResources} fields ({@code status} and {@code pid} at the top, {@code pid}
     * absent when stopped), then ours. {@code resources}: the running node's answer to {@code node.resources}, or
     * null when it is not running (then the lists are empty, as Ockam's are for a node it cannot reach).
     */
    static Map<String, Object> show(NodeRecord r, NodeStatus status, boolean isDefault, JsonNode resources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("identity_name", r.properties().get(IDENTITY_NAME));
        m.put("is_default", isDefault);
        m.put("status", ockamStatus(status));
        if (status == NodeStatus.UP || status == NodeStatus.ZOMBIE) {
            m.put("pid", r.pid());
        }
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("short", "/node/" + r.name());
        if (r.tcpListenerAddress() != null) {
            route.put("verbose", NodeManager.listenerMultiAddr(r.tcpListenerAddress()));
        }
        m.put("route", route);
        m.put("http_server_address", status == NodeStatus.UP ? r.properties().get(HTTP_SERVER) : null);
        for (String list : List.of("transports", "secure_channel_listeners", "inlets", "outlets", "services")) {
            m.put(list, resources == null ? List.of() : resources.path(list));
        }
        ours(m, r, status);
        m.put("metrics", metricsUrl(r, status)); // ours, show only (Ockam has none): node create --metrics-port
        return m;
    }

    /** The running node's Prometheus endpoint, {@code http://127.0.0.1:PORT/metrics}, or null when it has none. */
    static String metricsUrl(NodeRecord r, NodeStatus status) {
        String address = r.properties().get(METRICS_SERVER);
        return status == NodeStatus.UP && address != null ? "http://" + address + MetricsServer.PATH : null;
    }

    private static void ours(Map<String, Object> m, NodeRecord r, NodeStatus status) {
        m.put("name", r.name());
        m.put("state", status.name());
        m.put("tcpListener", r.tcpListenerAddress());
        m.put("multiaddr", r.tcpListenerMultiAddr().map(Object::toString).orElse(null));
        m.put("createdAt", r.createdAt().toString());
        if (r.isBroken()) {
            m.put("problem", r.problem());
        }
    }
}
