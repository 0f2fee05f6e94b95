package dev.ockamj.examples;

import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * 06-tracing: one request through two nodes over TCP, traced with OpenTelemetry, and the trace printed as a tree.
 * The application's span, the hop's handling on node "client" and the echoer's on node "server" are one trace: the
 * tracing context crossed the TCP connection in Ockam's form. A real application exports to a collector instead
 * (see docs/observability.md).
 */
public final class Tracing06 {
    /** Keeps the spans in memory so that main can print them; in production this would be an OTLP exporter. */
    static final class Collect implements SpanExporter {
        final List<SpanData> spans = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        synchronized List<SpanData> spans() {
            return List.copyOf(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    public static void main(String[] args) throws Exception {
        Collect collected = new Collect();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(collected)).build()).build()) {
            request(otel);
            print(collected);
        }
    }

    private static void request(OpenTelemetry otel) {
        try (Node server = Node.builder().name("server").openTelemetry(otel).start();
             Node client = Node.builder().name("client").openTelemetry(otel).start()) {
            server.startWorker("echoer", new Echoer());
            TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
                    TcpListenerOptions.defaults().allow("echoer"));
            TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
            client.startWorker("hop", new PrintingHop());

            Tracer tracer = otel.getTracer("tracing-example");
            Span span = tracer.spanBuilder("app request").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                String reply = client.request(Route.of(Address.local("hop"), connection.address(),
                        Address.local("echoer")), "Hello Ockam!", String.class, Duration.ofSeconds(10))
                        .toCompletableFuture().join();
                System.out.println("App Received: " + reply);
            } finally {
                span.end();
            }
        }
    }

    private static void print(Collect collected) throws InterruptedException {
        // the workers' spans end on their own threads, some after the reply arrived: wait until no more come
        List<SpanData> spans = collected.spans();
        for (int quiet = 0, i = 0; quiet < 10 && i < 200; i++) {
            Thread.sleep(20);
            List<SpanData> now = collected.spans();
            quiet = now.size() == spans.size() ? quiet + 1 : 0;
            spans = now;
        }
        for (SpanData root : spans) {
            if (!root.getParentSpanContext().isValid()) {
                System.out.println("trace " + root.getTraceId());
                printTree(spans, root, 1);
            }
        }
    }

    private static void printTree(List<SpanData> spans, SpanData span, int depth) {
        String node = span.getAttributes().get(AttributeKey.stringKey("ockam.node"));
        System.out.printf("%s%-" + Math.max(1, 40 - 2 * depth) + "s %s%n", "  ".repeat(depth), span.getName(),
                node == null ? "(the application)" : "on node " + node);
        for (SpanData child : spans) {
            if (child.getParentSpanId().equals(span.getSpanId())) {
                printTree(spans, child, depth + 1);
            }
        }
    }
}
