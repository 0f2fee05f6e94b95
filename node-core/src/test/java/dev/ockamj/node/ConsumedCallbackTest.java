package dev.ockamj.node;

import dev.ockamj.node.spi.NodeSpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.DeadLetter;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.Adapter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Node#route(Routed, Runnable)}: the callback a transport uses to bound what one peer has waiting on the
 * node. It must run exactly once per message, whatever becomes of the message.
 */
class ConsumedCallbackTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Node node;

    @BeforeEach
    void start() {
        node = TestNodes.start("consumed-test");
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    private static Routed<String> to(String address) {
        return Routed.of("x", Route.of(address), Route.of("app"), Address.local("peer"));
    }

    @Test
    void runsAfterTheWorkerHandledTheMessage() {
        List<String> events = new CopyOnWriteArrayList<>();
        node.startWorker("w", (Worker<String>) (ctx, msg) -> events.add("handled"));
        NodeSpi.of(node).route(to("w"), () -> events.add("consumed"));
        waitFor(() -> events.size() == 2);
        assertEquals(List.of("handled", "consumed"), events);
    }

    @Test
    void runsAtOnceForMessagesThatDoNotWaitInAWorkersMailbox() {
        AtomicInteger consumed = new AtomicInteger();
        NodeSpi.of(node).route(to("nobody"), consumed::incrementAndGet); // not delivered
        NodeSpi.of(node).route(to("app"), consumed::incrementAndGet); // a context: its queue is the program's
        NodeSpi.of(node).route(Routed.of("x", Route.empty(), Route.of("app"), Address.local("peer")), consumed::incrementAndGet);
        node.startWorker("w", (Worker<String>) (ctx, msg) -> { });
        NodeSpi.of(node).route(to("w").withFlowControlId(FlowControlId.random()), consumed::incrementAndGet); // not a consumer
        assertEquals(4, consumed.get());
        assertEquals("x", node.receive(String.class, WAIT).body());
    }

    @Test
    void runsForMessagesThatWaitedForAWorkerWhoseInitializeFailed() throws Exception {
        CountDownLatch initializing = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        node.startWorker("bad", new Worker<String>() {
            @Override
            public void initialize(Context ctx) throws Exception {
                initializing.countDown();
                fail.await(10, TimeUnit.SECONDS);
                throw new IllegalStateException("no");
            }

            @Override
            public void handleMessage(Context ctx, Routed<String> msg) {
            }
        });
        assertTrue(initializing.await(10, TimeUnit.SECONDS));
        AtomicInteger consumed = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            NodeSpi.of(node).route(to("bad"), consumed::incrementAndGet); // waits for the worker's actor
        }
        fail.countDown();
        waitFor(() -> consumed.get() == 10);
    }

    @Test
    void runsForATrackedMessageThatBecameADeadLetter() {
        AtomicInteger consumed = new AtomicInteger();
        WorkerCell.Tracked tracked = new WorkerCell.Tracked(to("w"), consumed::incrementAndGet);
        var classic = Adapter.toClassic(node.actorSystem());
        node.actorSystem().eventStream().tell(new EventStream.Publish<>(
                new DeadLetter(tracked, classic.deadLetters(), classic.deadLetters())));
        waitFor(() -> consumed.get() == 1);
    }

    @Test
    void runsExactlyOnceForEachMessageWhileWorkersAreStoppedUnderIt() throws Exception {
        int workers = 50;
        int perWorker = 2000;
        AtomicIntegerArray runs = new AtomicIntegerArray(workers * perWorker);
        for (int w = 0; w < workers; w++) {
            node.startWorker("w" + w, (Worker<String>) (ctx, msg) -> { });
        }
        Thread stopper = new Thread(() -> {
            for (int w = 0; w < workers; w++) {
                node.stopWorker("w" + w);
                Thread.yield();
            }
        });
        stopper.start();
        for (int i = 0; i < perWorker; i++) {
            for (int w = 0; w < workers; w++) {
                int id = w * perWorker + i;
                NodeSpi.of(node).route(to("w" + w), () -> runs.incrementAndGet(id));
            }
        }
        stopper.join();
        waitFor(() -> {
            for (int i = 0; i < runs.length(); i++) {
                if (runs.get(i) == 0) {
                    return false;
                }
            }
            return true;
        });
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "message " + i);
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
