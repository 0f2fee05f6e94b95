package dev.ockamj.node;

import static dev.ockamj.node.testing.Eventually.assertEventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node's Micrometer meters (issue 16), read from a real registry while a real node works. */
class NodeMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Node node;

    @BeforeEach
    void start() {
        node = Node.builder().name("metered").meterRegistry(registry)
                .config(ConfigFactory.parseString("ockamj.node.blocked-worker-warning = 200ms")).start();
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    /** A counter's count, whether it is a Counter or a FunctionCounter (routed is a sum: NodeMetrics). */
    private double counter(String name, String... tags) {
        Meter c = registry.find(name).tag("node", "metered").tags(tags).meter();
        return c == null ? Double.NaN : c.measure().iterator().next().getValue();
    }


    @Test
    void aRequestAndItsReplyAreRoutedAndDelivered() throws Exception {
        node.startWorker("echoer", new Echoer());
        assertEquals("hi", node.request("echoer", "hi", String.class, WAIT).toCompletableFuture().join());
        // the request to the echoer, the reply to the request's temporary address
        assertEventually(2, () -> counter("ockamj.node.messages.routed"), WAIT);
        assertEventually(2, () -> counter("ockamj.node.messages.delivered"), WAIT);
        assertEquals(0, counter("ockamj.node.messages.dropped", "reason", "no_such_address"));
    }

    @Test
    void dropsAreCountedByReason() throws Exception {
        assertThrows(CompletionException.class,
                () -> node.request("nobody-here", "hi", String.class, WAIT).toCompletableFuture().join());
        assertEventually(1, () -> counter("ockamj.node.messages.dropped", "reason", "no_such_address"), WAIT);

        node.startWorker("numbers", new Numbers());
        node.send("numbers", "not a number");
        assertEventually(1, () -> counter("ockamj.node.messages.dropped", "reason", "wrong_type"), WAIT);

        WorkerBuilder.of((Worker<String>) (ctx, msg) -> { }).incomingAccessControl(m -> false).address("guarded")
                .start(node);
        node.send("guarded", "let me in");
        assertEventually(1, () -> counter("ockamj.node.messages.dropped", "reason", "access_denied"), WAIT);
        assertEquals(0, counter("ockamj.node.messages.dropped", "reason", "no_transport"));
        node.send("1#127.0.0.1:9 => x", "no TCP transport on this node");
        assertEventually(1, () -> counter("ockamj.node.messages.dropped", "reason", "no_transport"), WAIT);
        // routed: all four; delivered: the two that reached a worker's mailbox before it dropped them
        assertEquals(4, counter("ockamj.node.messages.routed"));
        assertEquals(2, counter("ockamj.node.messages.delivered"));
    }

    /** A worker whose body type the node knows (a lambda's is erased). */
    static final class Numbers implements Worker<Long> {
        @Override
        public void handleMessage(Context ctx, Routed<Long> msg) {
        }
    }

    @Test
    void workersFailuresAndStallsAreCounted() throws Exception {
        Gauge workers = registry.find("ockamj.node.workers").tag("node", "metered").gauge();
        double before = workers.value();
        node.startWorker("thrower", (Worker<String>) (ctx, msg) -> {
            throw new IllegalStateException("boom");
        });
        node.startWorker("sleeper", (Worker<String>) (ctx, msg) -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEventually(before + 2, workers::value, WAIT);
        node.send("thrower", "x");
        node.send("thrower", "y");
        assertEventually(2, () -> counter("ockamj.node.worker.failures"), WAIT);
        node.send("sleeper", "z");
        assertEventually(1, () -> counter("ockamj.node.worker.stalls"), WAIT);
        node.stopWorker(Address.local("thrower"));
        assertEventually(before + 1, workers::value, WAIT);
    }

    @Test
    void aStoppedNodeRemovesItsMeters() {
        node.stop();
        assertNull(registry.find("ockamj.node.messages.routed").tag("node", "metered").meter());
        assertNull(registry.find("ockamj.node.messages.delivered").tag("node", "metered").meter());
        assertNull(registry.find("ockamj.node.workers").tag("node", "metered").gauge());
    }
}
