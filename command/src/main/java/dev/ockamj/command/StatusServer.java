package dev.ockamj.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ockamj.command.manager.NodeManager;
import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStatus;
import dev.ockamj.command.state.NodeStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A node's HTTP status endpoint ({@code node create --http-server[-port]}), as Ockam's: on 127.0.0.1 only,
 * {@code HEAD /} answers 200 (is it up?), {@code GET /show} the node as {@code node show --output json} prints it;
 * anything else is 404. It reads only; it changes nothing, so it needs no secret.
 */
final class StatusServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    /** Serves node {@code name}'s status on 127.0.0.1:{@code port} (0: any free port). */
    static StatusServer start(NodeStore store, String name, NodeManager manager, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "http-status");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange, store, name, manager);
            }
        });
        server.start();
        return new StatusServer(server);
    }

    /** HOST:PORT it listens on. */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
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
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } else {
            exchange.sendResponseHeaders(404, -1);
        }
    }

}
