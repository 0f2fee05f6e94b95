package dev.ockamj.node;

import dev.ockamj.node.spi.NodeSpi;

import dev.ockamj.node.spi.Recipient;
import dev.ockamj.node.spi.WorkerBursts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WorkerBursts, as a transport uses it: a mailbox (like a TCP connection) queues what a worker sends and defers
 * its flush to the end of the worker's burst. Nothing queued may be left unflushed, order is kept, and a burst
 * flushes at least every 64 messages.
 */
class WorkerBurstsTest {
    private Node node;

    /** Queues deliveries; flushes them to {@code flushed} now, or at the end of the sender's burst when it can. */
    static final class BatchingMailbox implements Recipient {
        final List<String> queued = new CopyOnWriteArrayList<>();
        final List<List<String>> flushes = new CopyOnWriteArrayList<>();
        final List<String> flushed = new CopyOnWriteArrayList<>();
        final AtomicInteger deferrals = new AtomicInteger();
        private final Runnable flush = this::flush;

        @Override
        public void deliver(Routed<?> msg) {
            queued.add((String) msg.body());
            if (WorkerBursts.deferToEndOfBurst(flush)) {
                deferrals.incrementAndGet();
            } else {
                flush();
            }
        }

        synchronized void flush() {
            List<String> batch = List.copyOf(queued);
            if (!batch.isEmpty()) {
                queued.removeAll(batch);
                flushes.add(batch);
                flushed.addAll(batch);
            }
        }
    }

    @BeforeEach
    void start() {
        node = TestNodes.start("bursts");
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(5);
        }
    }

    @Test
    void everythingIsFlushedInOrderAndBurstsAreBatched() throws Exception {
        BatchingMailbox sink = new BatchingMailbox();
        NodeSpi.of(node).register(Address.local("sink"), sink);
        CountDownLatch go = new CountDownLatch(1);
        node.startWorker("relay", (Worker<String>) (ctx, msg) -> {
            if (msg.body().equals("block")) {
                go.await(10, TimeUnit.SECONDS); // lets a burst pile up in the mailbox (a test-only block)
            }
            ctx.send(Route.of("sink"), msg.body());
        });
        node.send("relay", "block");
        int n = 500;
        for (int i = 0; i < n; i++) {
            node.send("relay", "m" + i);
        }
        go.countDown();
        await(() -> sink.flushed.size() == n + 1);
        assertEquals("block", sink.flushed.get(0));
        for (int i = 0; i < n; i++) {
            assertEquals("m" + i, sink.flushed.get(i + 1), "order kept");
        }
        assertTrue(sink.queued.isEmpty());
        assertTrue(sink.deferrals.get() > 0, "sends from a worker's burst were deferred");
        assertTrue(sink.flushes.size() < n / 2, "a burst is flushed in batches, not message by message: " + sink.flushes.size());
        assertTrue(sink.flushes.stream().allMatch(b -> b.size() <= 65), "a flush waits for at most 64 more messages");
    }

    @Test
    void notInAWorkerTheCallerFlushesItself() {
        assertFalse(WorkerBursts.deferToEndOfBurst(() -> { }));
    }

    @Test
    void whatAStoppingWorkerQueuedIsFlushed() throws Exception {
        BatchingMailbox sink = new BatchingMailbox();
        NodeSpi.of(node).register(Address.local("sink"), sink);
        node.startWorker("once", (Worker<String>) (ctx, msg) -> {
            ctx.send(Route.of("sink"), "first " + msg.body()); // the first send to a mailbox is written at once
            ctx.send(Route.of("sink"), "then " + msg.body());
            if (msg.body().equals("last")) {
                ctx.stopWorker(ctx.address());
            }
        });
        node.send("once", "a");
        node.send("once", "last");
        await(() -> sink.flushed.size() == 4);
        assertEquals(List.of("first a", "then a", "first last", "then last"), sink.flushed);
    }
}
