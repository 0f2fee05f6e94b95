package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.transport.tcp.internal.wire.LegacyOutbound;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import dev.ockamj.transport.tcp.internal.wire.Vectors;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the golden vectors (docs/wire.md §12) sent by a raw peer over a real socket to a live node: valid frames reach the
 * worker their onward route names, with the connection pushed onto the return route; invalid ones get the
 * outcome the vector states — the connection closed, or the message dropped and the connection kept.
 */
class WireVectorSocketTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Node node;
    private static TcpListener v1;
    private static TcpListener legacy;
    private static final LinkedBlockingQueue<Routed<NeutralMessage>> received = new LinkedBlockingQueue<>();

    /** Records what it gets and answers on the return route, so a raw peer can tell its connection still works. */
    static final class Recorder implements Worker<NeutralMessage> {
        @Override
        public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
            received.add(msg);
            ctx.send(msg.returnRoute(), msg.body());
        }
    }

    @BeforeAll
    static void start() {
        node = Node.builder().name("vectors").config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        // every address a vector's onward route starts with
        node.startWorker(List.of(Address.local("echoer")), new Recorder());
        node.startWorker(List.of(Address.local("caf\u00e9\ud83d\udc1d")), new Recorder()); // non_ascii_address
        TcpTransport tcp = TcpTransport.create(node);
        TcpListenerOptions allowAll = TcpListenerOptions.defaults().allow("app");
        node.listWorkers().forEach(allowAll::allow);
        v1 = tcp.listen("127.0.0.1:0", allowAll);
        TcpListenerOptions legacyOptions = TcpListenerOptions.defaults().protocol(TcpProtocol.LEGACY).allow("app");
        node.listWorkers().forEach(legacyOptions::allow);
        legacy = tcp.listen("127.0.0.1:0", legacyOptions);
    }

    @AfterAll
    static void stop() {
        node.stop();
    }

    @TestFactory
    Stream<DynamicTest> v1Cases() {
        return Vectors.cases(Vectors.TCP_V1).stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            if (c.get("kind").asText().equals("valid")) {
                validV1(c);
            } else {
                invalid(c, v1, Vectors.hex(c.get("peer_handshake_hex").asText()));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> legacyCases() {
        return Vectors.cases(Vectors.LEGACY).stream().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            if (c.get("kind").asText().equals("valid")) {
                validLegacy(c);
            } else {
                invalid(c, legacy, new byte[0]);
            }
        }));
    }

    private void validV1(JsonNode c) throws Exception {
        TransportMessage expected = Vectors.message(c);
        try (RawPeer peer = new RawPeer(v1.socketAddress())) {
            peer.write(new byte[] {1});
            peer.write(Vectors.hex(c.get("frame_hex").asText()));
            checkDelivered(expected);
        }
    }

    private void validLegacy(JsonNode c) throws Exception {
        TransportMessage expected = Vectors.message(c);
        try (RawPeer peer = new RawPeer(legacy.socketAddress())) {
            peer.write(Vectors.hex(c.get("frame_hex").asText()));
            checkDelivered(expected);
        }
    }

    private void checkDelivered(TransportMessage expected) throws InterruptedException {
        if (expected.onwardRoute().isEmpty()) {
            // a heartbeat: nothing is delivered
            assertEquals(null, received.poll(300, TimeUnit.MILLISECONDS));
            return;
        }
        if (!expected.onwardRoute().next().isLocal()) {
            // a TCP first hop from the wire is dropped, as Rust does (docs/wire.md §6 step 6)
            assertEquals(null, received.poll(300, TimeUnit.MILLISECONDS));
            return;
        }
        Routed<NeutralMessage> got = expected.onwardRoute().next().equals(Node.APP)
                ? node.receive(NeutralMessage.class, WAIT) // the vector addresses the node's own app context
                : received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(got != null, "the message was not delivered");
        assertEquals(expected.onwardRoute(), got.onwardRoute());
        assertArrayEquals(expected.payload(), got.body().bytes());
        // the receiver pushed its connection onto the return route
        assertEquals(expected.returnRoute(), got.returnRoute().step());
        received.clear();
    }

    private void invalid(JsonNode c, TcpListener listener, byte[] handshake) throws Exception {
        String expected = c.get("expected").asText().toLowerCase();
        boolean closes = expected.contains("close") && !expected.contains("stays open") || c.has("then");
        try (RawPeer peer = new RawPeer(listener.socketAddress())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(handshake);
            out.write(Vectors.hex(c.get("input_hex").asText()));
            peer.write(out.toByteArray());
            if (c.has("then") && c.get("then").asText().equals("EOF")) {
                peer.socket.shutdownOutput();
            }
            if (closes) {
                assertTrue(peer.closedWithin(WAIT), "the node must close the connection: " + expected);
            } else {
                // dropped, connection kept: a valid message on the same connection still gets its answer
                byte[] hello = Bare.encode("still open");
                TransportMessage probe = new TransportMessage(dev.ockamj.node.Route.of("echoer"), dev.ockamj.node.Route.of("peer"), hello);
                peer.write(listener.protocol() == TcpProtocol.V1 ? V1Outbound.frame(probe) : LegacyOutbound.frame(probe));
                Routed<NeutralMessage> got = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertTrue(got != null, "the connection must stay open and deliver the next message");
                assertArrayEquals(hello, got.body().bytes());
            }
        }
        received.clear();
    }
}
