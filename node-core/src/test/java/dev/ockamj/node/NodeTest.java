package dev.ockamj.node;

import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.testing.LogCapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nodes, workers, routing and their faults, against a real ActorSystem. */
class NodeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Node node;

    @BeforeEach
    void start() {
        node = TestNodes.start("node-test");
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    @Test
    void echoerRepliesToApp() {
        node.startWorker("echoer", new Echoer());
        node.send("echoer", "Hello Ockam!");
        Routed<String> reply = node.receive(String.class, WAIT);
        assertEquals("Hello Ockam!", reply.body());
        assertEquals(Route.of("app"), reply.onwardRoute());
        assertEquals(Address.local("echoer"), reply.source());
        assertEquals(Route.of("echoer"), reply.returnRoute());
    }

    @Test
    void messagesTravelThroughHopsAndRepliesComeBackThroughThem() {
        List<Routed<String>> seen = new CopyOnWriteArrayList<>();
        node.startWorker("h1", new Hop());
        node.startWorker("h2", new Hop());
        node.startWorker("h3", new Hop());
        node.startWorker("echoer", (Worker<String>) (ctx, msg) -> {
            seen.add(msg);
            ctx.send(msg.returnRoute(), msg.body());
        });
        node.send("h1 => h2 => h3 => echoer", "Hello Ockam!");
        Routed<String> reply = node.receive(String.class, WAIT);
        assertEquals("Hello Ockam!", reply.body());
        assertEquals(Route.of("echoer"), seen.get(0).onwardRoute());
        assertEquals(Route.of("h3", "h2", "h1", "app"), seen.get(0).returnRoute());
        // the reply went back through h3, h2, h1: each pushed itself onto the reply's return route
        assertEquals(Route.of("h1", "h2", "h3", "echoer"), reply.returnRoute());
    }

    @Test
    void sendToUnknownAddressIsLoggedWithAddressAndRoute() {
        try (LogCapture log = new LogCapture(Router.class)) {
            node.send("nobody-here", "hi");
            String line = log.await(Level.WARN, l -> l.contains("0#nobody-here"));
            assertTrue(line.contains("return route: 0#app"), line);
        }
    }

    @Test
    void requestToUnknownAddressFailsAtOnceWithAddressNotFound() {
        // the timeout is long: the request must fail because the address is unknown, not time out
        var stage = node.request("nobody-here", "hi", String.class, Duration.ofMinutes(5)).toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, () -> stage.orTimeout(30, TimeUnit.SECONDS).join());
        OckamException cause = assertInstanceOf(OckamException.class, e.getCause());
        assertEquals(OckamException.Kind.ADDRESS_NOT_FOUND, cause.kind());
        assertTrue(cause.getMessage().contains("0#nobody-here"), cause.getMessage());
    }

    @Test
    void requestThroughHopsToUnknownAddressAlsoFails() {
        node.startWorker("h1", new Hop());
        var stage = node.request("h1 => missing", "hi", String.class, Duration.ofMinutes(5)).toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, () -> stage.orTimeout(30, TimeUnit.SECONDS).join());
        assertEquals(OckamException.Kind.ADDRESS_NOT_FOUND, ((OckamException) e.getCause()).kind());
    }

    @Test
    void requestGetsTheReply() {
        node.startWorker("uppercase", new Uppercase());
        assertEquals("HELLO", node.request("uppercase", "hello", String.class, WAIT).toCompletableFuture().join());
    }

    @Test
    void requestTimesOutWhenNobodyAnswers() {
        node.startWorker("silent", (Worker<Object>) (ctx, msg) -> { });
        var stage = node.request("silent", "hi", String.class, Duration.ofMillis(200)).toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, () -> stage.orTimeout(30, TimeUnit.SECONDS).join());
        assertEquals(OckamException.Kind.TIMEOUT, ((OckamException) e.getCause()).kind());
    }

    @Test
    void receiveTimesOut() {
        OckamException e = assertThrows(OckamException.class, () -> node.receive(String.class, Duration.ofMillis(50)));
        assertEquals(OckamException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void startingAtATakenAddressFailsAndLeavesTheExistingWorkerAlone() {
        node.startWorker("w", new Uppercase());
        OckamException e = assertThrows(OckamException.class, () -> node.startWorker("w", new Echoer()));
        assertEquals(OckamException.Kind.ADDRESS_TAKEN, e.kind());
        assertTrue(e.getMessage().contains("0#w"), e.getMessage());
        assertEquals("ABC", node.request("w", "abc", String.class, WAIT).toCompletableFuture().join());
        // a multi-address worker is all-or-nothing
        assertThrows(OckamException.class, () -> node.startWorker(List.of(Address.local("fresh"), Address.local("w")), new Echoer()));
        assertFalse(node.hasAddress(Address.local("fresh")));
    }

    @Test
    void aThrowingWorkerIsLoggedAndKeepsItsState() {
        class Counter implements Worker<String> {
            int count;

            @Override
            public void handleMessage(Context ctx, Routed<String> msg) {
                count++;
                if (msg.body().equals("boom")) {
                    throw new IllegalStateException("boom on purpose");
                }
                ctx.send(msg.returnRoute(), count);
            }
        }
        node.startWorker("counter", new Counter());
        try (LogCapture log = new LogCapture(WorkerCell.class)) {
            node.send("counter", "one");
            assertEquals(1, node.receive(Integer.class, WAIT).body());
            node.send("counter", "boom");
            log.await(Level.ERROR, l -> l.contains("0#counter"));
            node.send("counter", "three");
            assertEquals(3, node.receive(Integer.class, WAIT).body());
        }
    }

    @Test
    void aBodyThatCannotBeDecodedIsLoggedAndTheHandlerIsNotCalled() {
        AtomicInteger calls = new AtomicInteger();
        class Longs implements Worker<Long> {
            @Override
            public void handleMessage(Context ctx, Routed<Long> msg) {
                calls.incrementAndGet();
                ctx.send(msg.returnRoute(), msg.body());
            }
        }
        node.startWorker("longs", new Longs());
        try (LogCapture log = new LogCapture(WorkerCell.class)) {
            node.send("longs", NeutralMessage.of(new byte[] {1, 2, 3})); // 3 bytes: not an i64
            log.await(Level.WARN, l -> l.contains("0#longs") && l.contains("Long"));
        }
        node.send("longs", 42L);
        assertEquals(42L, node.receive(Long.class, WAIT).body());
        assertEquals(1, calls.get());
    }

    @Test
    void stoppedWorkerRunsShutdownOnceAndItsAddressIsFree() throws Exception {
        AtomicInteger shutdowns = new AtomicInteger();
        CountDownLatch down = new CountDownLatch(1);
        node.startWorker("w", new Worker<String>() {
            @Override
            public void handleMessage(Context ctx, Routed<String> msg) {
            }

            @Override
            public void shutdown(Context ctx) {
                shutdowns.incrementAndGet();
                down.countDown();
            }
        });
        node.stopWorker("w");
        assertTrue(down.await(10, TimeUnit.SECONDS));
        assertFalse(node.listWorkers().contains(Address.local("w")));
        assertThrows(OckamException.class, () -> node.stopWorker("w"));
        node.startWorker("w", new Echoer()); // the address can be used again
        node.stop();
        assertEquals(1, shutdowns.get());
    }

    @Test
    void initializeFailureStopsTheWorker() throws Exception {
        AtomicInteger shutdowns = new AtomicInteger();
        try (LogCapture log = new LogCapture(WorkerCell.class)) {
            node.startWorker("bad", new Worker<String>() {
                @Override
                public void initialize(Context ctx) {
                    throw new IllegalStateException("no");
                }

                @Override
                public void handleMessage(Context ctx, Routed<String> msg) {
                }

                @Override
                public void shutdown(Context ctx) {
                    shutdowns.incrementAndGet();
                }
            });
            log.await(Level.ERROR, l -> l.contains("0#bad") && l.contains("initialize"));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.hasAddress(Address.local("bad")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(node.hasAddress(Address.local("bad")));
        assertEquals(0, shutdowns.get());
    }

    @Test
    void workerWithSeveralAddressesSharesOneState() {
        class Tally implements Worker<String> {
            int n;

            @Override
            public void handleMessage(Context ctx, Routed<String> msg) {
                n++;
                ctx.send(msg.returnRoute(), msg.destination().valueString() + ":" + n);
            }
        }
        node.startWorker(List.of(Address.local("a"), Address.local("b")), new Tally());
        assertEquals("a:1", node.request("a", "x", String.class, WAIT).toCompletableFuture().join());
        assertEquals("b:2", node.request("b", "x", String.class, WAIT).toCompletableFuture().join());
        assertEquals(List.of(Address.local("a"), Address.local("b")), node.listWorkers()); // not app
        node.stopWorker("b");
        assertEquals(List.of(), node.listWorkers());
    }

    @Test
    void workersCanStartWorkersAndSendFromAChosenAddress() {
        node.startWorker("echoer", new Echoer());
        WorkerBuilder.of((Worker<String>) (ctx, msg) -> {
            if (msg.body().equals("spawn")) {
                ctx.startWorker("child", new Uppercase());
                ctx.sendFrom(Address.local("parent-alias"), Route.of("echoer"), "via alias");
            } else {
                ctx.send(Route.of("app"), msg.destination().valueString() + " got " + msg.body());
            }
        }).address("parent").address("parent-alias").start(node);
        node.send("parent", "spawn");
        assertEquals("parent-alias got via alias", node.receive(String.class, WAIT).body());
        assertTrue(node.listWorkers().contains(Address.local("child")));
        assertEquals(OckamException.Kind.INVALID_ADDRESS, assertThrows(OckamException.class,
                () -> node.sendFrom(Address.local("not-mine"), Route.of("echoer"), "x")).kind());
    }

    @Test
    void delayedSendArrives() {
        node.startWorker("echoer", new Echoer());
        node.sendDelayed(Duration.ofMillis(100), Route.of("echoer"), "later");
        assertEquals("later", node.receive(String.class, WAIT).body());
        Cancellable c = node.sendDelayed(Duration.ofSeconds(5), Route.of("echoer"), "never");
        assertTrue(c.cancel());
    }

    @Test
    void stopCallsEveryShutdownOnceAndIsIdempotent() {
        AtomicInteger shutdowns = new AtomicInteger();
        int n = 500;
        for (int i = 0; i < n; i++) {
            node.startWorker("w" + i, new Worker<String>() {
                @Override
                public void handleMessage(Context ctx, Routed<String> msg) {
                }

                @Override
                public void shutdown(Context ctx) {
                    shutdowns.incrementAndGet();
                }
            });
        }
        node.stop();
        node.stop();
        assertEquals(n, shutdowns.get());
        assertEquals(OckamException.Kind.NODE_STOPPED, assertThrows(OckamException.class, () -> node.send("w1", "x")).kind());
        assertEquals(OckamException.Kind.NODE_STOPPED, assertThrows(OckamException.class, () -> node.startWorker("x", new Echoer())).kind());
        assertEquals(OckamException.Kind.NODE_STOPPED, assertThrows(OckamException.class, () -> node.receive(String.class, WAIT)).kind());
    }

    @Test
    void contextOnlyAppAndProcessorsMayBlockInReceive() {
        node.startWorker("w", (Worker<String>) (ctx, msg) -> {
            try {
                ctx.receive(String.class, Duration.ofMillis(1));
            } catch (OckamException e) {
                ctx.send(msg.returnRoute(), e.getMessage());
            }
        });
        node.send("w", "x");
        assertTrue(node.receive(String.class, WAIT).body().contains("handleMessage"));
    }
}
