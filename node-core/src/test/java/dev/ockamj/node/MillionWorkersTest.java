package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A million workers started, messaged once each and stopped, on one node: every message reaches exactly its own
 * worker once, every shutdown runs exactly once. Waits with deadlines; the rates are printed, not asserted.
 */
@Tag("hardening")
class MillionWorkersTest {
    private static final int N = 1_000_000;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aMillionWorkersStartTakeOneMessageEachAndStop() {
        AtomicIntegerArray received = new AtomicIntegerArray(N);
        AtomicIntegerArray shutdowns = new AtomicIntegerArray(N);
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        Node node = TestNodes.start("million", 30_000);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                int id = i;
                node.startWorker("w" + i, new Worker<Integer>() {
                    @Override
                    public void handleMessage(Context ctx, Routed<Integer> msg) {
                        if (msg.body() != id) {
                            wrong.incrementAndGet();
                        }
                        received.incrementAndGet(id);
                        delivered.incrementAndGet();
                    }

                    @Override
                    public void shutdown(Context ctx) {
                        shutdowns.incrementAndGet(id);
                        stopped.incrementAndGet();
                    }
                });
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                node.send(Route.of(Address.local("w" + i)), i);
            }
            long sent = System.nanoTime();
            await("messages delivered", delivered::get);
            long t2 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                node.stopWorker(Address.local("w" + i));
            }
            await("shutdowns run", stopped::get);
            long t3 = System.nanoTime();
            System.out.printf("MillionWorkersTest: %d workers: start %.1f s (%.0f/s), send+deliver %.1f s (%.0f/s; the sends"
                            + " returned after %.1f s),"
                            + " stop %.1f s (%.0f/s), heap used %d MiB%n", N,
                    secs(t1 - t0), N / secs(t1 - t0), secs(t2 - t1), N / secs(t2 - t1), secs(sent - t1), secs(t3 - t2), N / secs(t3 - t2),
                    usedHeapMiB());
            assertTrue(node.listWorkers().isEmpty(), "workers left: " + node.listWorkers().size());
        } finally {
            node.stop();
        }
        assertEquals(0, wrong.get(), "messages that reached the wrong worker");
        assertEquals(N, delivered.get());
        assertEquals(N, stopped.get());
        for (int i = 0; i < N; i++) {
            if (received.get(i) != 1 || shutdowns.get(i) != 1) {
                throw new AssertionError("worker w" + i + ": " + received.get(i) + " messages, " + shutdowns.get(i)
                        + " shutdowns (expected 1 and 1)");
            }
        }
    }

    private static void await(String what, IntSupplier count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count.getAsInt() < N) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": only " + count.getAsInt() + " of " + N + " within " + WAIT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    private static long usedHeapMiB() {
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }
}
