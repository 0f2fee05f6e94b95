package dev.ockamj.node;

import static dev.ockamj.node.testing.Eventually.assertEventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aMeteredWorkerShowsItsMailboxAndHandlingTimeAndOthersHaveNoSeries() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WorkerBuilder.of((Worker<String>) (ctx, msg) -> {
            try {
                release.await(); // the first message holds the worker: the others wait in its mailbox
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).address("slow").metered().start(node);
        node.startWorker("plain", new Echoer());
        for (int i = 0; i < 5; i++) {
            node.send("slow", "m" + i);
        }
        Gauge mailbox = registry.find("ockamj.worker.mailbox").tags("node", "metered", "worker", "slow").gauge();
        assertNotNull(mailbox);
        assertEventually(4.0, mailbox::value, WAIT);
        release.countDown();
        io.micrometer.core.instrument.Timer handling = registry.find("ockamj.worker.handling")
                .tags("node", "metered", "worker", "slow").timer();
        assertEventually(5, handling::count, WAIT);
        assertEquals(0, mailbox.value());
        assertTrue(handling.max(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
        // the node's meters name no worker, and a worker not started metered has none of its own
        assertEquals(java.util.Set.of("slow"), registry.getMeters().stream()
                .map(m -> m.getId().getTag("worker")).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet()));

        node.stopWorker(Address.local("slow"));
        assertEventually(0, () -> registry.find("ockamj.worker.handling").tag("worker", "slow").timers().size()
                + registry.find("ockamj.worker.mailbox").tag("worker", "slow").gauges().size(), WAIT);
    }
}
