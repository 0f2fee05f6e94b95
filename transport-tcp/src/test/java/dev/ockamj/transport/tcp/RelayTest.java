package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.relay.RelayService;
import dev.ockamj.node.relay.RelayServiceOptions;
import dev.ockamj.node.relay.RemoteRelay;
import dev.ockamj.node.relay.RemoteRelayOptions;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Relays over real sockets: node B, which nobody can reach, registers a relay on node M; node A reaches B's
 * workers and B's outlet through {@code forward_to_b} on M. And what happens when M or B goes away and comes back.
 */
class RelayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Node a;
    private Node m;
    private Node b;

    @AfterEach
    void stop() {
        for (Node n : new Node[] {a, m, b}) {
            if (n != null) {
                n.stop();
            }
        }
    }

    private String relayAt;

    /** The relay node: a listener through which the relay service and its relays are reachable, and nothing else. */
    private Node relayNode(String bind) {
        Node n = TcpTransportTest.node("m");
        n.startWorker("echoer", new Echoer()); // not allowed through the listener
        TcpListener l = TcpTransport.create(n).listen(bind, TcpListenerOptions.defaults());
        RelayService.start(n, RelayServiceOptions.defaults().reachableThrough(l.flowControlId()));
        relayAt = l.hostPort();
        return n;
    }

    /** Node B: an echo worker and an outlet to {@code target}, reachable only through its relay on M. */
    private static RemoteRelay registeringNode(Node n, String relayHostPort, String target) {
        n.startWorker("echoer", new Echoer());
        TcpTransport tcp = TcpTransport.create(n);
        if (target != null) {
            tcp.createOutlet("outlet", target);
        }
        return RemoteRelay.create(n, () -> Route.of(tcp.connect(relayHostPort).address()), "b",
                RemoteRelayOptions.defaults().allow("echoer", "outlet").retryDelay(Duration.ofMillis(100), Duration.ofMillis(400)));
    }

    @Test
    void aMessageReachesAWorkerBehindARelayAndItsReplyComesBack() throws Exception {
        m = relayNode("127.0.0.1:0");
        b = TcpTransportTest.node("b");
        RemoteRelay relay = registeringNode(b, relayAt, null);
        relay.registered().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("forward_to_b", relay.remoteAddress());
        assertTrue(relay.isRegistered());

        a = TcpTransportTest.node("a");
        TcpConnection toM = TcpTransport.create(a).connect(relayAt);
        String reply = a.request(Route.of(toM.address(), Address.local("forward_to_b"), Address.local("echoer")),
                "hello through the relay", String.class, WAIT).toCompletableFuture().get();
        assertEquals("hello through the relay", reply);
    }

    @Test
    void theRelayLetsStrangersReachOnlyWhatTheRegisteringNodeAllowed() throws Exception {
        m = relayNode("127.0.0.1:0");
        b = TcpTransportTest.node("b");
        b.startWorker("secret", new Echoer());
        registeringNode(b, relayAt, null).registered().toCompletableFuture().get(10, TimeUnit.SECONDS);
        a = TcpTransportTest.node("a");
        TcpConnection toM = TcpTransport.create(a).connect(relayAt);
        var denied = a.request(Route.of(toM.address(), Address.local("forward_to_b"), Address.local("secret")),
                "let me in", String.class, Duration.ofSeconds(2)).toCompletableFuture();
        assertTrue(assertThrowsAny(denied), "a worker the relay's registration did not allow answered");
        var notRelay = a.request(Route.of(toM.address(), Address.local("echoer")), "m's own", String.class,
                Duration.ofSeconds(2)).toCompletableFuture();
        assertTrue(assertThrowsAny(notRelay), "the relay node's own worker answered a stranger");
    }

    @Test
    void aPortalThroughARelaySurvivesTheRelayNodeRestartingAndTheRegisteringNodeComingBack() throws Exception {
        try (PortalTest.EchoServer echo = new PortalTest.EchoServer()) {
            m = relayNode("127.0.0.1:0");
            b = TcpTransportTest.node("b");
            RemoteRelay relay = registeringNode(b, relayAt, "127.0.0.1:" + echo.port());
            relay.registered().toCompletableFuture().get(10, TimeUnit.SECONDS);
            a = TcpTransportTest.node("a");
            TcpInlet inlet = TcpTransport.create(a).createInlet("127.0.0.1:0",
                    Route.of(Address.of(1, relayAt), Address.local("forward_to_b"), Address.local("outlet")));
            var pool = Executors.newCachedThreadPool();
            assertTrue(PortalTest.echoes(inlet.socketAddress(), 1, 1 << 20, pool), "no echo through the relay");

            // the relay node dies mid-stream: the client sees its connection close, with no wrong byte before
            assertClosedMidStream(inlet, () -> {
                m.stop();
                return true;
            });
            m = relayNode(relayAt); // back on the same port
            awaitTrue(relay::isRegistered, "the relay was not registered again");
            assertTrue(PortalTest.echoes(inlet.socketAddress(), 2, 1 << 20, pool), "no echo after the relay node came back");

            // the registering node stops: its portals' Disconnects reach the clients, its relay ends; it comes back and
            // serves again. (Killed without a word, nothing on Ockam's portal wire would tell the inlet: see the docs.)
            assertClosedMidStream(inlet, () -> {
                b.stop();
                return true;
            });
            Node mm = m;
            awaitTrue(() -> !mm.hasAddress(Address.local("forward_to_b")), "the relay outlived its node");
            b = TcpTransportTest.node("b2");
            registeringNode(b, relayAt, "127.0.0.1:" + echo.port()).registered().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertTrue(PortalTest.echoes(inlet.socketAddress(), 3, 1 << 20, pool), "no echo after the node came back");
            pool.shutdownNow();
        }
    }

    /** A client streams through the portal; {@code fault} happens mid-stream; the client must see the end. */
    private static void assertClosedMidStream(TcpInlet inlet, BooleanSupplier fault) throws Exception {
        byte[] data = new byte[64 << 20];
        new Random(5).nextBytes(data);
        try (Socket s = new Socket()) {
            s.connect(inlet.socketAddress(), 5000);
            s.setSoTimeout(30_000);
            var writer = Executors.newSingleThreadExecutor().submit(() -> {
                for (int at = 0; at < data.length; at += 16 * 1024) {
                    s.getOutputStream().write(data, at, 16 * 1024);
                }
                return null;
            });
            InputStream in = s.getInputStream();
            byte[] first = in.readNBytes(1 << 20);
            assertArrayEquals(java.util.Arrays.copyOf(data, 1 << 20), first);
            assertTrue(fault.getAsBoolean());
            byte[] rest = PortalTest.readUntilClosed(in); // a timeout here: the client was never told
            assertTrue((1 << 20) + rest.length < data.length, "everything arrived: the fault came too late");
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 1 << 20, (1 << 20) + rest.length), rest,
                    "bytes before the end are not the ones sent");
            writer.cancel(true);
        }
    }

    private static boolean assertThrowsAny(java.util.concurrent.CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            Thread.sleep(50);
        }
    }
}
