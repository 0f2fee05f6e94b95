package dev.ockamj.node;

import dev.ockamj.node.spi.NodeSpi;

import dev.ockamj.node.testing.LogCapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access control, flow control, transports plugging in, processors, and stopping under faults. */
class AccessAndProcessorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Node node;

    @BeforeEach
    void start() {
        node = TestNodes.start("access-test", 1000);
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    @Test
    void incomingAllowFromLetsOnlyThoseSourcesIn() {
        List<String> got = new CopyOnWriteArrayList<>();
        WorkerBuilder.of((Worker<String>) (ctx, msg) -> {
            got.add(msg.body());
            ctx.send(msg.returnRoute(), "ok " + msg.body());
        }).address("guarded").incomingAccessControl(IncomingAccessControl.allowFrom("app")).start(node);
        node.startWorker("relay", (Worker<String>) (ctx, msg) -> ctx.send(Route.of("guarded"), msg.body()));
        try (LogCapture log = new LogCapture(WorkerCell.class)) {
            node.send("relay", "from relay");
            String line = log.await(Level.WARN, l -> l.contains("access denied"));
            assertTrue(line.contains("0#relay") && line.contains("0#guarded"), line);
        }
        node.send("guarded", "from app");
        assertEquals("ok from app", node.receive(String.class, WAIT).body());
        assertEquals(List.of("from app"), got);
    }

    @Test
    void accessControlCombinators() {
        Routed<String> fromA = Routed.of("x", Route.of("w"), Route.of("a"), Address.local("a"));
        Routed<String> fromB = Routed.of("x", Route.of("w"), Route.of("b"), Address.local("b"));
        IncomingAccessControl a = IncomingAccessControl.allowFrom("a");
        IncomingAccessControl b = IncomingAccessControl.allowFrom("b");
        assertTrue(a.or(b).isAuthorized(fromB));
        assertFalse(a.and(b).isAuthorized(fromA));
        assertFalse(a.negate().isAuthorized(fromA));
        assertFalse(IncomingAccessControl.denyAll().isAuthorized(fromA));
        assertTrue(OutgoingAccessControl.allowTo("w").isAuthorized(fromA));
        assertFalse(OutgoingAccessControl.allowTo("v").isAuthorized(fromA));
    }

    @Test
    void outgoingAccessControlRefusesTheSend() {
        node.startWorker("echoer", new Echoer());
        WorkerBuilder.of((Worker<String>) (ctx, msg) -> {
            try {
                ctx.send(Route.of("echoer"), "sneaky");
            } catch (OckamException e) {
                ctx.send(Route.of("app"), e.kind().name());
            }
        }).address("jail").outgoingAccessControl(OutgoingAccessControl.allowTo("app")).start(node);
        node.send("jail", "go");
        assertEquals("ACCESS_DENIED", node.receive(String.class, WAIT).body());
    }

    @Test
    void flowControlledMessagesReachOnlyConsumers() {
        FlowControlId flow = FlowControlId.random();
        node.startWorker("echoer", new Echoer());
        node.startWorker("secret", new Echoer());
        node.flowControls().addConsumer(Address.local("echoer"), flow);
        node.flowControls().addConsumer(Address.local("app"), flow);
        try (LogCapture log = new LogCapture(Router.class)) {
            NodeSpi.of(node).route(Routed.of("x", Route.of("secret"), Route.of("app"), Address.local("app")).withFlowControlId(flow));
            log.await(Level.WARN, l -> l.contains("0#secret") && l.contains("not a consumer"));
        }
        NodeSpi.of(node).route(Routed.of("y", Route.of("echoer"), Route.of("app"), Address.local("app")).withFlowControlId(flow));
        assertEquals("y", node.receive(String.class, WAIT).body());
        assertThrows(OckamException.class, () -> node.receive(String.class, Duration.ofMillis(100)));
    }

    @Test
    void transportsGetTheMessagesOfTheirType() {
        List<Routed<?>> handed = new CopyOnWriteArrayList<>();
        NodeSpi.of(node).registerTransport(7, msg -> {
            handed.add(msg);
            // resolve the hop to a local worker, as a real transport resolves host:port to a connection
            NodeSpi.of(node).route(msg.withOnwardRoute(msg.onwardRoute().replaceNext(Address.local("echoer"))));
        });
        assertEquals(OckamException.Kind.ADDRESS_TAKEN, assertThrows(OckamException.class,
                () -> NodeSpi.of(node).registerTransport(7, msg -> { })).kind());
        node.startWorker("echoer", new Echoer());
        node.send("7#somewhere", "over the wire");
        assertEquals("over the wire", node.receive(String.class, WAIT).body());
        assertEquals(Address.parse("7#somewhere"), handed.get(0).onwardRoute().next());
        try (LogCapture log = new LogCapture(Router.class)) {
            node.send("9#nowhere", "x");
            log.await(Level.WARN, l -> l.contains("type 9"));
        }
    }

    @Test
    void processorLoopsSendsReceivesAndShutsDown() throws Exception {
        CountDownLatch down = new CountDownLatch(1);
        node.startProcessor("counter", new Processor() {
            int n;

            @Override
            public boolean process(Context ctx) {
                Routed<String> msg = ctx.receive(String.class, WAIT); // a processor may block
                ctx.send(msg.returnRoute(), msg.body() + ":" + (++n));
                return n < 3;
            }

            @Override
            public void shutdown(Context ctx) {
                down.countDown();
            }
        });
        for (int i = 1; i <= 3; i++) {
            assertEquals("m:" + i, node.request("counter", "m", String.class, WAIT).toCompletableFuture().join());
        }
        assertTrue(down.await(10, TimeUnit.SECONDS)); // process returned false
        assertFalse(node.hasAddress(Address.local("counter")));
    }

    @Test
    void stopIsBoundedEvenWhenAShutdownHangsAndProcessorsBlock() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger others = new AtomicInteger();
        node.startWorker("hangs", new Worker<String>() {
            @Override
            public void handleMessage(Context ctx, Routed<String> msg) {
            }

            @Override
            public void shutdown(Context ctx) throws InterruptedException {
                never.await();
            }
        });
        for (int i = 0; i < 10; i++) {
            node.startWorker("ok" + i, new Worker<String>() {
                @Override
                public void handleMessage(Context ctx, Routed<String> msg) {
                }

                @Override
                public void shutdown(Context ctx) {
                    others.incrementAndGet();
                }
            });
        }
        node.startProcessor("blocked", ctx -> {
            ctx.receive(String.class, Duration.ofDays(1)); // woken by the stop
            return true;
        });
        // a guard against a hang, not a performance threshold: shutdown-timeout is 1 s
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> node.stop());
        assertEquals(10, others.get());
        never.countDown();
    }

    @Test
    void concurrentStopsAllReturn() throws Exception {
        node.startWorker("echoer", new Echoer());
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(node::stop);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
            assertFalse(t.isAlive());
        }
        assertTrue(node.awaitStopped(Duration.ofSeconds(1)));
    }
}
