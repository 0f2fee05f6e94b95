package dev.ockamj.command;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A node's Prometheus endpoint ({@code node create --metrics-port PORT}): on 127.0.0.1 only, {@code GET /metrics}
 * (and {@code HEAD}) answers the node's meters in Prometheus' text format (0.0.4, which every Prometheus scrapes);
 * {@code /metrics} with another method is 405, any other path 404. It reads only, so it needs no secret, like the
 * status server ({@link StatusServer}); what it shows is counts and the node's connection addresses, no payloads.
 */
final class MetricsServer {
    static final String PATH = "/metrics";
    /** Prometheus' text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsServer() {
    }

    /** Serves {@code registry} on 127.0.0.1:{@code port} (0: any free port). */
    static LoopbackHttpServer start(PrometheusMeterRegistry registry, int port) throws IOException {
        return LoopbackHttpServer.start(port, "http-metrics", exchange -> answer(exchange, registry));
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        String method = exchange.getRequestMethod();
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            exchange.sendResponseHeaders(404, -1);
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            exchange.sendResponseHeaders(405, -1);
        } else {
            LoopbackHttpServer.ok(exchange, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }
}
