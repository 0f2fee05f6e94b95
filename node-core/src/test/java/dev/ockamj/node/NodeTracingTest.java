package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Traces between workers of one node (issue 16), with the OpenTelemetry SDK's in-memory exporter. */
class NodeTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
    private Node node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
        otel.close();
    }

    /** Asks the echoer and passes its reply on to whoever asked. */
    static final class Asker implements Worker<String> {
        @Override
        public void handleMessage(Context ctx, Routed<String> msg) {
            ctx.send(Route.of("echoer"), msg.body().toUpperCase());
            if (msg.body().equals("boom")) {
                throw new IllegalStateException("boom");
            }
        }
    }

    private List<SpanData> awaitSpans(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (spans.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return spans.getFinishedSpanItems();
    }

    private static SpanData named(List<SpanData> all, String name) {
        return all.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + all));
    }

    @Test
    void aSendInsideAUsersSpanAndEveryHopAfterItIsOneTrace() throws Exception {
        node = Node.builder().name("tracing-local").openTelemetry(otel).start();
        CompletableFuture<String> seen = new CompletableFuture<>();
        node.startWorker("echoer", (Worker<String>) (ctx, msg) -> seen.complete(msg.tracingContext()));
        node.startWorker("asker", new Asker());
        Span user = otel.getTracer("test").spanBuilder("user").startSpan();
        try (Scope ignored = user.makeCurrent()) {
            node.send(Route.of("asker"), "hi");
        } finally {
            user.end();
        }
        String carried = seen.get(10, TimeUnit.SECONDS);
        List<SpanData> all = awaitSpans(3);
        SpanData asker = named(all, "Asker::handle_message");
        SpanData echoer = named(all, "Worker::handle_message"); // a lambda worker has no class name to show
        SpanData root = named(all, "user");
        assertEquals(root.getTraceId(), asker.getTraceId());
        assertEquals(root.getSpanId(), asker.getParentSpanId());
        assertEquals(asker.getTraceId(), echoer.getTraceId());
        assertEquals(asker.getSpanId(), echoer.getParentSpanId());
        // what the echoer got: the asker's span, in Ockam's form
        assertEquals("{\"traceparent\":\"00-" + asker.getTraceId() + "-" + asker.getSpanId()
                + "-01\",\"tracestate\":\"\"}", carried);
        assertEquals("tracing-local", asker.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.stringKey("ockam.node")));
    }

    @Test
    void aHandlerThatThrowsEndsItsSpanWithAnError() throws Exception {
        node = Node.builder().name("tracing-error").openTelemetry(otel).start();
        CompletableFuture<String> seen = new CompletableFuture<>();
        node.startWorker("echoer", (Worker<String>) (ctx, msg) -> seen.complete(msg.body()));
        node.startWorker("asker", new Asker());
        node.send(Route.of("asker"), "boom");
        assertEquals("BOOM", seen.get(10, TimeUnit.SECONDS));
        SpanData asker = named(awaitSpans(2), "Asker::handle_message");
        assertEquals(StatusCode.ERROR, asker.getStatus().getStatusCode());
        assertTrue(asker.getEvents().stream().anyMatch(e -> e.getName().equals("exception")), asker.toString());
        assertTrue(!asker.getParentSpanContext().isValid(), "no span was current at the send: a root");
    }

    @Test
    void aDelayedSendGoesOutInTheTraceItWasScheduledIn() throws Exception {
        node = Node.builder().name("tracing-delayed").openTelemetry(otel).start();
        CompletableFuture<String> seen = new CompletableFuture<>();
        node.startWorker("echoer", (Worker<String>) (ctx, msg) -> seen.complete(msg.tracingContext()));
        node.startWorker("timer", (Worker<String>) (ctx, msg) -> ctx.sendDelayed(Duration.ofMillis(50),
                Route.of("echoer"), msg.body()));
        node.send(Route.of("timer"), "later");
        String carried = seen.get(10, TimeUnit.SECONDS);
        SpanData timer = awaitSpans(2).stream().filter(s -> s.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.stringKey("ockam.address")).equals("0#timer"))
                .findFirst().orElseThrow();
        assertEquals("{\"traceparent\":\"00-" + timer.getTraceId() + "-" + timer.getSpanId()
                + "-01\",\"tracestate\":\"\"}", carried);
    }

    @Test
    void withoutOpenTelemetryMessagesCarryNoContext() throws Exception {
        node = Node.builder().name("tracing-off").start();
        CompletableFuture<Routed<String>> seen = new CompletableFuture<>();
        node.startWorker("echoer", (Worker<String>) (ctx, msg) -> seen.complete(msg));
        Span user = otel.getTracer("test").spanBuilder("user").startSpan();
        try (Scope ignored = user.makeCurrent()) {
            node.send(Route.of("echoer"), "hi");
        } finally {
            user.end();
        }
        assertNull(seen.get(10, TimeUnit.SECONDS).tracingContext());
        assertEquals(List.of("user"), awaitSpans(1).stream().map(SpanData::getName).toList());
    }
}
