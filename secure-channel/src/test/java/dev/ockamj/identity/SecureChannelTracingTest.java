package dev.ockamj.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A trace through a secure channel over TCP (issue 16): the ciphertext carries no tracing context, so the frame
 * around it does, and the message inside goes on in that trace (as in Ockam: encryptor_worker.rs, decryptor.rs).
 */
class SecureChannelTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theWorkerBehindTheChannelHandlesInTheSendersTrace() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
             Node server = Node.builder().name("sc-trace-server").openTelemetry(otel).start();
             Node client = Node.builder().name("sc-trace-client").openTelemetry(otel).start()) {
            server.startWorker("echoer", new Echoer());
            SecureChannels.create(server).createListener("api", SecureChannelListenerOptions.defaults().allow("echoer"));
            TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
                    TcpListenerOptions.defaults().allow("api"));
            TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
            SecureChannel channel = SecureChannels.create(client).createSecureChannel(
                    Route.of(connection.address(), Address.local("api")), SecureChannelOptions.defaults());

            Span span = otel.getTracer("test").spanBuilder("client").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                assertEquals("hi", client.request(channel.route("echoer"), "hi", String.class, WAIT)
                        .toCompletableFuture().join());
            } finally {
                span.end();
            }
            SpanData echoer = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (echoer == null && System.nanoTime() < deadline) {
                echoer = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("Echoer::handle_message"))
                        .findFirst().orElse(null);
                Thread.sleep(10);
            }
            SpanData root = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("client"))
                    .findFirst().orElseThrow();
            assertEquals(root.getTraceId(), echoer == null ? "no echoer span" : echoer.getTraceId());
            assertEquals(root.getSpanId(), echoer.getParentSpanId());
        }
    }
}
