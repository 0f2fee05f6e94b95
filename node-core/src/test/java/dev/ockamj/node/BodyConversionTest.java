package dev.ockamj.node;

import dev.ockamj.node.codec.NeutralMessage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.codec.Bare;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local bodies stay objects; bodies of another type go through BARE like Ockam's messages do. */
class BodyConversionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Node node;

    record Order(String item, int quantity, Optional<String> note) {
    }

    @BeforeEach
    void start() {
        node = TestNodes.start("body-test");
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    @Test
    void localObjectsAreDeliveredAsTheSameInstance() {
        AtomicReference<Object> seen = new AtomicReference<>();
        node.startWorker("w", (Worker<Object>) (ctx, msg) -> {
            seen.set(msg.body());
            ctx.send(msg.returnRoute(), "done");
        });
        Order order = new Order("apple", 3, Optional.empty());
        node.send("w", order);
        node.receive(String.class, WAIT);
        assertSame(order, seen.get());
    }

    @Test
    void aStringSentToAByteArrayWorkerArrivesAsItsUtf8Bytes() {
        class Bytes implements Worker<byte[]> {
            @Override
            public void handleMessage(Context ctx, Routed<byte[]> msg) {
                ctx.send(msg.returnRoute(), msg.body().length);
            }
        }
        node.startWorker("bytes", new Bytes());
        node.send("bytes", "héllo"); // BARE String and Vec<u8> share bytes, as in Rust
        assertEquals("héllo".getBytes(StandardCharsets.UTF_8).length, node.receive(Integer.class, WAIT).body());
    }

    @Test
    void neutralBytesAreDecodedToTheWorkersRecordType() {
        class Orders implements Worker<Order> {
            @Override
            public void handleMessage(Context ctx, Routed<Order> msg) {
                ctx.send(msg.returnRoute(), msg.body().item() + " x" + msg.body().quantity());
            }
        }
        node.startWorker("orders", new Orders());
        // what a Rust node would send for `struct Order { item: String, quantity: i32, note: Option<String> }`
        byte[] wire = Bare.encode(new Order("pear", 2, Optional.of("ripe")));
        node.send("orders", NeutralMessage.of(wire));
        assertEquals("pear x2", node.receive(String.class, WAIT).body());
    }

    @Test
    void receiveDecodesToTheRequestedType() {
        node.startWorker("echoer", new Echoer());
        node.send("echoer", NeutralMessage.of(Bare.encode(List.of("a", "b"))));
        Routed<NeutralMessage> raw = node.receive(NeutralMessage.class, WAIT);
        assertArrayEquals(new byte[] {2, 1, 'a', 1, 'b'}, raw.body().bytes());
        node.send("echoer", NeutralMessage.of(Bare.encode("text")));
        assertEquals("text", node.receive(String.class, WAIT).body());
        node.send("echoer", NeutralMessage.of(new byte[] {5, 'x'})); // claims 5 bytes, has 1
        OckamException e = org.junit.jupiter.api.Assertions.assertThrows(OckamException.class,
                () -> node.receive(String.class, WAIT));
        assertEquals(OckamException.Kind.DECODE, e.kind());
        assertTrue(e.getMessage().contains("String"), e.getMessage());
    }

    @Test
    void flowControlParentsCoverTheirChildren() {
        FlowControls fc = node.flowControls();
        FlowControlId listener = FlowControlId.random();
        FlowControlId connection = FlowControlId.childOf(listener);
        Address echo = Address.local("echo");
        fc.addConsumer(echo, listener);
        assertTrue(fc.isConsumer(echo, connection));
        Address app = Address.local("app");
        fc.addConsumer(app, connection);
        assertEquals(List.of(app), fc.consumers(connection));
        fc.removeFlow(connection);
        assertEquals(List.of(), fc.consumers(connection));
        assertTrue(!fc.isConsumer(app, connection));
        assertTrue(fc.isConsumer(echo, connection));
    }
}
