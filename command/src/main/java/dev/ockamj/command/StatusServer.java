package dev.ockamj.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.ockamj.command.manager.NodeManager;
import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStatus;
import dev.ockamj.command.state.NodeStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A node's HTTP status endpoint ({@code node create --http-server[-port]}), as Ockam's: on 127.0.0.1 only,
 * {@code HEAD /} answers 200 (is it up?), {@code GET /show} the node as {@code node show --output json} prints it;
 * anything else is 404. It reads only; it changes nothing, so it needs no secret.
 */
final class StatusServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusServer() {
    }

    /** Serves node {@code name}'s status on 127.0.0.1:{@code port} (0: any free port). */
    static LoopbackHttpServer start(NodeStore store, String name, NodeManager manager, int port) throws IOException {
        return LoopbackHttpServer.start(port, "http-status", exchange -> answer(exchange, store, name, manager));
    }

    private static void answer(HttpExchange exchange, NodeStore store, String name, NodeManager manager) throws IOException {
        // as Ockam's: the path's segments, empty ones dropped (so /show/ and //show are /show)
        List<String> path = Arrays.stream(exchange.getRequestURI().getPath().split("/")).filter(s -> !s.isEmpty()).toList();
        String method = exchange.getRequestMethod();
        if (method.equals("HEAD") && path.isEmpty()) {
            exchange.sendResponseHeaders(200, -1);
        } else if (method.equals("GET") && path.equals(List.of("show"))) {
            NodeRecord r = store.get(name).orElseThrow();
            byte[] body = JSON.writeValueAsBytes(NodeView.show(r, NodeStatus.UP,
                    store.getDefault().filter(name::equals).isPresent(), JSON.valueToTree(manager.resources())));
            LoopbackHttpServer.ok(exchange, "application/json", body);
        } else {
            exchange.sendResponseHeaders(404, -1);
        }
    }

}
