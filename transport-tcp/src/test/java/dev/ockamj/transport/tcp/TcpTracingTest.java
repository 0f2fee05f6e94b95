package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import dev.ockamj.transport.tcp.internal.wire.Vectors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Traces across nodes over TCP (issue 16): the tracing context goes on the wire in Ockam's form (the golden frame
 * {@code with_tracing_context} of vectors/tcp-v1.json, from a Rust std node) and a trace continues across nodes.
 */
class TcpTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    private Node a;
    private Node b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
        otel.close();
    }

    /** Sends what it gets on along a fixed route: the reply goes straight back to the requester. */
    static final class Forwarder implements Worker<NeutralMessage> {
        private final Route to;

        Forwarder(Route to) {
            this.to = to;
        }

        @Override
        public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
            ctx.forward(msg.withOnwardRoute(to));
        }
    }

    private SpanData awaitSpan(Predicate<SpanData> which) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (SpanData s : spans.getFinishedSpanItems()) {
                if (which.test(s)) {
                    return s;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no such span among " + spans.getFinishedSpanItems());
    }

    private static Predicate<SpanData> named(String name, String node) {
        return s -> s.getName().equals(name)
                && node.equals(s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("ockam.node")));
    }

    @Test
    void aRequestThroughTwoNodesIsOneTraceWithBothNodesSpansInOrder() throws Exception {
        b = Node.builder().name("trace-b").openTelemetry(otel).start();
        b.startWorker("echoer", new Echoer());
        TcpListener listener = TcpTransport.create(b).listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("echoer"));
        a = Node.builder().name("trace-a").openTelemetry(otel).start();
        TcpConnection c = TcpTransport.create(a).connect(listener.hostPort());
        a.startWorker("forwarder", new Forwarder(Route.of(c.address().toString(), "echoer")));

        Span client = otel.getTracer("test").spanBuilder("client").startSpan();
        String reply;
        try (Scope ignored = client.makeCurrent()) {
            reply = a.request(Route.of("forwarder"), "hello", String.class, WAIT).toCompletableFuture().join();
        } finally {
            client.end();
        }
        assertEquals("hello", reply);

        SpanData forwarder = awaitSpan(named("Forwarder::handle_message", "trace-a"));
        SpanData echoer = awaitSpan(named("Echoer::handle_message", "trace-b"));
        SpanData root = awaitSpan(s -> s.getName().equals("client"));
        String trace = root.getTraceId();
        assertEquals(trace, forwarder.getTraceId());
        assertEquals(trace, echoer.getTraceId(), "the trace crossed the TCP connection");
        assertEquals(root.getSpanId(), forwarder.getParentSpanId());
        assertEquals(forwarder.getSpanId(), echoer.getParentSpanId());
        assertEquals("0#forwarder", forwarder.getAttributes().get(
                io.opentelemetry.api.common.AttributeKey.stringKey("ockam.address")));
    }

    private RawPeer rawPeerOf(Node node) throws Exception {
        node.startWorker("echoer", new Echoer());
        TcpListener listener = TcpTransport.create(node).listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("echoer"));
        RawPeer peer = new RawPeer(listener.socketAddress());
        assertEquals(1, peer.readByte());
        peer.write(new byte[] {1});
        return peer;
    }

    @Test
    void aRustFramesContextIsContinuedAndTheReplyCarriesItInOckamsForm() throws Exception {
        JsonNode golden = Vectors.cases("tcp-v1.json").stream()
                .filter(c -> c.get("name").asText().equals("with_tracing_context")).findFirst().orElseThrow();
        b = Node.builder().name("trace-rust-peer").openTelemetry(otel).start();
        try (RawPeer rust = rawPeerOf(b)) {
            rust.write(Vectors.hex(golden.get("frame_hex").asText()));
            TransportMessage reply = rust.readMessage();
            SpanData echoer = awaitSpan(named("Echoer::handle_message", "trace-rust-peer"));
            // the traceparent of the Rust frame (ockam_api journeys_repository_sql.rs's literal): our span is its child
            assertEquals("b9ce70eaad5a86ef6b9fa4db00589e86", echoer.getTraceId());
            assertEquals("8e2d99c5e5ed66e4", echoer.getParentSpanId());
            assertTrue(echoer.getParentSpanContext().isRemote());
            // the reply, sent while the echoer's span is current, carries it as a Rust node writes one
            assertEquals("{\"traceparent\":\"00-b9ce70eaad5a86ef6b9fa4db00589e86-" + echoer.getSpanId()
                    + "-01\",\"tracestate\":\"\"}", reply.tracingContext());
        }
    }

    @Test
    void aContextOckamCannotParseIsIgnoredAndTheMessageStillDelivered() throws Exception {
        b = Node.builder().name("trace-bad-context").openTelemetry(otel).start();
        try (RawPeer peer = rawPeerOf(b)) {
            // Elixir's test literal: tracestate is not a string, so Rust's parser refuses it (and delivers anyway)
            peer.write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"),
                    dev.ockamj.node.codec.Bare.encode("x"), "{\"traceparent\":\"00-1234-01\",\"tracestate\":{}}")));
            TransportMessage reply = peer.readMessage();
            assertEquals(Route.of("app"), reply.onwardRoute());
            SpanData echoer = awaitSpan(named("Echoer::handle_message", "trace-bad-context"));
            assertFalse(echoer.getParentSpanContext().isValid(), "a root span: " + echoer);
            assertTrue(reply.tracingContext().contains(echoer.getTraceId()));
        }
    }

    @Test
    void aTraceStateThatArrivesGoesOnWithTheReply() throws Exception {
        b = Node.builder().name("trace-state").openTelemetry(otel).start();
        try (RawPeer peer = rawPeerOf(b)) {
            // keys in the other order, as a Rust HashMap may write them
            peer.write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"),
                    dev.ockamj.node.codec.Bare.encode("x"), "{\"tracestate\":\"congo=t61rcWkgMzE,rojo=00f067aa0ba902b7\","
                    + "\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}")));
            TransportMessage reply = peer.readMessage();
            SpanData echoer = awaitSpan(named("Echoer::handle_message", "trace-state"));
            assertEquals("00f067aa0ba902b7", echoer.getParentSpanId());
            assertEquals("{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-" + echoer.getSpanId()
                    + "-01\",\"tracestate\":\"congo=t61rcWkgMzE,rojo=00f067aa0ba902b7\"}", reply.tracingContext());
        }
    }

    @Test
    void aNodeWithoutOpenTelemetryWritesNoContextEvenWhenOneArrives() throws Exception {
        JsonNode golden = Vectors.cases("tcp-v1.json").stream()
                .filter(c -> c.get("name").asText().equals("with_tracing_context")).findFirst().orElseThrow();
        b = Node.builder().name("trace-off").start();
        try (RawPeer rust = rawPeerOf(b)) {
            rust.write(Vectors.hex(golden.get("frame_hex").asText()));
            TransportMessage reply = rust.readMessage();
            assertNull(reply.tracingContext()); // a 3-element array, as before tracing existed
        }
        assertTrue(spans.getFinishedSpanItems().isEmpty());
    }

    @Test
    void withoutASpanCurrentARequestCarriesNoContextButTheWorkerStillHasItsSpan() throws Exception {
        b = Node.builder().name("trace-no-parent").openTelemetry(otel).start();
        b.startWorker("echoer", new Echoer());
        TcpListener listener = TcpTransport.create(b).listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("echoer"));
        a = Node.builder().name("trace-no-parent-a").openTelemetry(otel).start();
        TcpConnection c = TcpTransport.create(a).connect(listener.hostPort());
        assertEquals("hi", a.request(Route.of(c.address().toString(), "echoer"), "hi", String.class, WAIT)
                .toCompletableFuture().join());
        SpanData echoer = awaitSpan(named("Echoer::handle_message", "trace-no-parent"));
        assertFalse(echoer.getParentSpanContext().isValid());
        assertEquals(List.of(), spans.getFinishedSpanItems().stream()
                .filter(s -> !s.getName().equals("Echoer::handle_message")).map(SpanData::getName).toList());
    }
}
