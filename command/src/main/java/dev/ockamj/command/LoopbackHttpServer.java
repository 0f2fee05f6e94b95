package dev.ockamj.command;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * An HTTP server of a node on 127.0.0.1 only, on one daemon thread: what the status endpoint ({@link StatusServer})
 * and the Prometheus endpoint ({@link MetricsServer}) share.
 */
final class LoopbackHttpServer {
    /** Answers one exchange; the server closes it afterwards. */
    interface Handler {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** Starts a server on a given port. */
    interface Start {
        LoopbackHttpServer on(int port) throws IOException;
    }

    private final HttpServer server;

    private LoopbackHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code handler} on 127.0.0.1:{@code port} (0: any free port), on a thread named {@code thread}. */
    static LoopbackHttpServer start(int port, String thread, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.answer(exchange);
            }
        });
        server.start();
        return new LoopbackHttpServer(server);
    }

    /** HOST:PORT it listens on. */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    /** A 200 answer with {@code body}, or only its headers for HEAD. */
    static void ok(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
