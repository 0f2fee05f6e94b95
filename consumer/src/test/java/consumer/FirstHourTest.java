package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.cluster.ClusterNode;
import dev.ockamj.identity.SecureChannel;
import dev.ockamj.identity.SecureChannelListenerOptions;
import dev.ockamj.identity.SecureChannelOptions;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.identity.TrustPolicy;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a Java team does first with ockamj as a Maven dependency, with every ockamj module on the class path. */
class FirstHourTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    record Amount(String currency, long cents) {
    }

    static final class Doubler implements Worker<Amount> {
        @Override
        public void handleMessage(Context ctx, Routed<Amount> msg) {
            ctx.send(msg.returnRoute(), new Amount(msg.body().currency(), msg.body().cents() * 2));
        }
    }

    /** The first protocol an Akka user writes: Behavior&lt;Command&gt;. */
    sealed interface Command permits Add, Total {
    }

    record Add(long cents) implements Command {
    }

    record Total() implements Command {
    }

    static final class Till implements Worker<Command> {
        private long total;

        @Override
        public void handleMessage(Context ctx, Routed<Command> msg) {
            if (msg.body() instanceof Add add) {
                total += add.cents();
            } else {
                ctx.send(msg.returnRoute(), total);
            }
        }
    }

    @Test
    void theDependenciesResolveToSafeVersions() throws Exception {
        // Akka 2.6.21 declares Jackson 2.11.4 (CVE-2020-36518, CVE-2022-42004): ockamj's poms must move every
        // Jackson artifact past it, together, on their own.
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertEquals(databind, com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString(), "jackson-core");
        assertEquals(databind, com.fasterxml.jackson.dataformat.cbor.PackageVersion.VERSION.toString(), "cbor");
        assertEquals(databind, com.fasterxml.jackson.module.scala.JacksonModule$.MODULE$.version().toString(),
                "jackson-module-scala");
        assertTrue(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion() >= 12
                || com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMajorVersion() > 2, databind);
        // lz4-java 1.8.0 (CVE-2025-12183) comes with akka-serialization-jackson and is never used by ockamj
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.jpountz.lz4.LZ4Factory"));
    }

    @Test
    void twoNodesTalkOverTcp() {
        try (Node server = Node.builder().name("server").start(); Node client = Node.builder().name("client").start()) {
            server.startWorker("doubler", new Doubler());
            server.startWorker("till", new Till());
            TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
                    TcpListenerOptions.defaults().allow("doubler", "till"));
            TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
            Amount reply = client.request(Route.of(connection.address(), Address.local("doubler")),
                    new Amount("EUR", 21), Amount.class, WAIT).toCompletableFuture().join();
            assertEquals(new Amount("EUR", 42), reply);
            // a sealed protocol between nodes, with no extra call
            Route till = Route.of(connection.address(), Address.local("till"));
            client.send(till, new Add(150));
            client.send(till, new Add(250));
            assertEquals(400L, client.request(till, new Total(), Long.class, WAIT).toCompletableFuture().join());
        }
    }

    @Test
    void aSecureChannelCarriesARequestEncrypted() {
        try (Node server = Node.builder().name("sc-server").start(); Node client = Node.builder().name("sc-client").start()) {
            server.startWorker("doubler", new Doubler());
            SecureChannels serverChannels = SecureChannels.create(server);
            serverChannels.createListener("api", SecureChannelListenerOptions.defaults().allow("doubler"));
            TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
                    TcpListenerOptions.defaults().allow("api"));
            TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
            SecureChannel channel = SecureChannels.create(client).createSecureChannel(
                    Route.of(connection.address(), Address.local("api")),
                    SecureChannelOptions.defaults().trustPolicy(TrustPolicy.trustIdentifier(
                            serverChannels.identity().identifier())));
            assertEquals(new Amount("EUR", 84), client.request(channel.route("doubler"), new Amount("EUR", 42),
                    Amount.class, WAIT).toCompletableFuture().join());
        }
    }

    @Test
    void aClusterOfOneServesByName() {
        try (ClusterNode member = ClusterNode.builder().name("member").artery("127.0.0.1", 0).start()) {
            member.join(member.memberAddress());
            member.awaitUp(WAIT);
            member.node().startWorker("doubler", new Doubler());
            member.publishService("doubler", "doubler");
            member.awaitService("doubler", 1, WAIT);
            assertEquals(new Amount("EUR", 2), member.node().request(ClusterNode.serviceRoute("doubler"),
                    new Amount("EUR", 1), Amount.class, WAIT).toCompletableFuture().join());
        }
    }

    @Test
    void aNodesMetricsGoToTheApplicationsRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry(); // micrometer-core comes with ockamj
        try (Node server = Node.builder().name("m-server").meterRegistry(registry).start();
             Node client = Node.builder().name("m-client").meterRegistry(registry).start()) {
            server.startWorker("doubler", new Doubler());
            TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
                    TcpListenerOptions.defaults().allow("doubler"));
            TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
            client.request(Route.of(connection.address(), Address.local("doubler")), new Amount("EUR", 1),
                    Amount.class, WAIT).toCompletableFuture().join();
            assertEquals(1, registry.get("ockamj.tcp.connection.frames.out").tag("node", "m-client")
                    .functionCounter().count());
            assertTrue(registry.get("ockamj.node.messages.delivered").tag("node", "m-server").counter().count() >= 1);
        }
    }

    @Test
    void aTraceGoesFromTheApplicationsSpanToTheWorkerOnTheOtherNode() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
             Node server = Node.builder().name("t-server").openTelemetry(otel).start();
             Node client = Node.builder().name("t-client").openTelemetry(otel).start()) {
            server.startWorker("doubler", new Doubler());
            TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
                    TcpListenerOptions.defaults().allow("doubler"));
            TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
            Span checkout = otel.getTracer("shop").spanBuilder("checkout").startSpan();
            try (Scope ignored = checkout.makeCurrent()) {
                client.request(Route.of(connection.address(), Address.local("doubler")), new Amount("EUR", 1),
                        Amount.class, WAIT).toCompletableFuture().join();
            } finally {
                checkout.end();
            }
            SpanData handled = null;
            for (int i = 0; i < 500 && handled == null; i++) {
                handled = spans.getFinishedSpanItems().stream()
                        .filter(s -> s.getName().equals("Doubler::handle_message")).findFirst().orElse(null);
                Thread.sleep(10);
            }
            assertTrue(handled != null, "no span of the doubler: " + spans.getFinishedSpanItems());
            assertEquals(checkout.getSpanContext().getTraceId(), handled.getTraceId());
            assertEquals(checkout.getSpanContext().getSpanId(), handled.getParentSpanId());
        }
    }
}
