package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.testing.LogCapture;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Uppercase;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real nodes, real sockets on 127.0.0.1, port 0. */
class TcpTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Node server;
    private Node client;
    private TcpTransport serverTcp;
    private TcpTransport clientTcp;
    private TcpListener listener;

    static Node node(String name) {
        return Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
    }

    @BeforeEach
    void start() {
        server = node("server");
        client = node("client");
        server.startWorker("echoer", new Echoer());
        server.startWorker("uppercase", new Uppercase());
        server.startWorker("secret", new Echoer());
        serverTcp = TcpTransport.create(server);
        clientTcp = TcpTransport.create(client);
        listener = serverTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("echoer", "uppercase"));
    }

    @AfterEach
    void stop() {
        client.stop();
        server.stop();
    }

    private String serverAddress() {
        return listener.hostPort();
    }

    @Test
    void listenerReportsItsBoundPort() {
        assertTrue(listener.socketAddress().getPort() > 0);
        assertEquals("127.0.0.1:" + listener.socketAddress().getPort(), listener.hostPort());
        assertEquals(1, serverTcp.listeners().size());
    }

    @Test
    void requestReplyThroughAnExplicitConnection() {
        TcpConnection c = clientTcp.connect(serverAddress());
        String reply = client.request(Route.of(c.address(), Address.local("uppercase")), "hello", String.class, WAIT)
                .toCompletableFuture().join();
        assertEquals("HELLO", reply);
        assertTrue(c.messagesOut() >= 1 && c.bytesOut() > 0 && c.messagesIn() >= 1 && c.bytesIn() > 0);
        assertEquals(TcpConnection.Mode.OUTGOING, c.mode());
        assertTrue(serverTcp.connections().stream().anyMatch(s -> s.mode() == TcpConnection.Mode.INCOMING));
    }

    @Test
    void aTcpHopInTheRouteConnectsByItselfAndReusesTheConnection() {
        client.send("1#" + serverAddress() + " => echoer", "Hello Ockam!");
        Routed<String> reply = client.receive(String.class, WAIT);
        assertEquals("Hello Ockam!", reply.body());
        // the reply's return route starts with the client's connection, then the echoer on the server
        assertEquals(Address.local("echoer"), reply.returnRoute().get(1));
        TcpConnection c = clientTcp.connections().get(0);
        assertEquals(c.address(), reply.returnRoute().next());
        client.send("1#" + serverAddress() + " => echoer", "again");
        assertEquals("again", client.receive(String.class, WAIT).body());
        assertEquals(1, clientTcp.connections().size());
    }

    @Test
    void workersNotAllowedForTheListenerAreUnreachableAndTheConnectionStaysOpen() {
        try (LogCapture log = new LogCapture("dev.ockamj.node.Router")) {
            client.send("1#" + serverAddress() + " => secret", "let me in");
            String line = log.await(Level.WARN, l -> l.contains("0#secret") && l.contains("not a consumer"));
            assertTrue(line.contains("access denied"), line);
        }
        assertThrows(OckamException.class, () -> client.receive(String.class, Duration.ofMillis(300)));
        client.send("1#" + serverAddress() + " => echoer", "still here");
        assertEquals("still here", client.receive(String.class, WAIT).body());
        assertEquals(1, clientTcp.connections().size());
    }

    @Test
    void aListenerWithDefaultOptionsReachesNothing() throws Exception {
        TcpListener closedDoor = serverTcp.listen("127.0.0.1:0");
        var f = client.request("1#" + closedDoor.hostPort() + " => echoer", "hi", String.class, Duration.ofMillis(500))
                .toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertEquals(OckamException.Kind.TIMEOUT, ((OckamException) e.getCause()).kind());
    }

    @Test
    void rawPeerGetsTheEchoerReplyOnTheWire() throws Exception {
        try (RawPeer peer = new RawPeer(listener.socketAddress())) {
            assertEquals(1, peer.readByte()); // the node's version byte, sent without waiting for ours
            peer.write(new byte[] {1});
            byte[] hello = Bare.encode("Hello Ockam!");
            peer.write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"), hello)));
            TransportMessage reply = peer.readMessage();
            // what docs/wire.md §6 says a Rust echoer's reply looks like: onward [app], return [echoer]
            assertEquals(Route.of("app"), reply.onwardRoute());
            assertEquals(Route.of("echoer"), reply.returnRoute());
            assertArrayEquals(hello, reply.payload());
            assertNull(reply.tracingContext());
        }
    }

    @Test
    void heartbeatsAreIgnoredAndTheConnectionStaysOpen() throws Exception {
        try (RawPeer peer = new RawPeer(listener.socketAddress())) {
            peer.readByte();
            peer.write(new byte[] {1});
            peer.write(V1Outbound.frame(new TransportMessage(Route.empty(), Route.empty(), new byte[0])));
            peer.write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"), Bare.encode("x"))));
            assertEquals(Route.of("app"), peer.readMessage().onwardRoute());
        }
    }

    @Test
    void aNonLocalFirstHopFromThePeerIsDroppedNotDialled() throws Exception {
        try (RawPeer peer = new RawPeer(listener.socketAddress()); LogCapture log = new LogCapture(TcpConnection.class)) {
            peer.readByte();
            peer.write(new byte[] {1});
            peer.write(V1Outbound.frame(new TransportMessage(Route.of("1#10.255.255.1:9", "echoer"), Route.of("app"), Bare.encode("x"))));
            log.await(Level.WARN, l -> l.contains("not a local address"));
            assertEquals(0, serverTcp.connections().stream().filter(c -> c.mode() == TcpConnection.Mode.OUTGOING).count());
            peer.write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"), Bare.encode("x"))));
            assertEquals(Route.of("app"), peer.readMessage().onwardRoute());
        }
    }

    @Test
    void aBadHandshakeClosesOnlyThatConnection() throws Exception {
        try (RawPeer good = new RawPeer(listener.socketAddress()); RawPeer bad = new RawPeer(listener.socketAddress())) {
            good.readByte();
            good.write(new byte[] {1});
            bad.write(new byte[] {2});
            assertTrue(bad.closedWithin(WAIT));
            good.write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"), Bare.encode("ok"))));
            assertEquals(Route.of("app"), good.readMessage().onwardRoute());
        }
    }

    @Test
    void peerClosingFailsPendingRequestsAtOnce() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var request = client.request("1#127.0.0.1:" + fake.getLocalPort() + " => echoer", "anyone?", String.class,
                    Duration.ofMinutes(5)).toCompletableFuture();
            try (Socket accepted = fake.accept(); RawPeer peer = new RawPeer(accepted)) {
                peer.write(new byte[] {1});
                assertEquals(1, peer.readByte());
                peer.readFrameBody(); // the request arrived; now the peer dies without answering
            }
            CompletionException e = assertThrows(CompletionException.class, () -> request.orTimeout(30, TimeUnit.SECONDS).join());
            OckamException cause = assertInstanceOf(OckamException.class, e.getCause());
            assertEquals(OckamException.Kind.TRANSPORT, cause.kind());
            assertTrue(cause.getMessage().contains("127.0.0.1:" + fake.getLocalPort()), cause.getMessage());
            waitFor(() -> clientTcp.connections().isEmpty());
        }
    }

    @Test
    void connectFailuresNameThePeer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OckamException e = assertThrows(OckamException.class, () -> clientTcp.connect("127.0.0.1:" + port));
        assertEquals(OckamException.Kind.TRANSPORT, e.kind());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        var f = client.request("1#127.0.0.1:" + port + " => echoer", "x", String.class, Duration.ofMinutes(5)).toCompletableFuture();
        CompletionException ce = assertThrows(CompletionException.class, () -> f.orTimeout(30, TimeUnit.SECONDS).join());
        assertEquals(OckamException.Kind.TRANSPORT, ((OckamException) ce.getCause()).kind());
        assertEquals(OckamException.Kind.INVALID_ADDRESS, assertThrows(OckamException.class, () -> clientTcp.connect("no-port")).kind());
        assertEquals(OckamException.Kind.INVALID_ADDRESS, assertThrows(OckamException.class, () -> clientTcp.connect("h:99999")).kind());
    }

    @Test
    void aLaterSendReconnectsAfterThePeerClosed() {
        client.send("1#" + serverAddress() + " => echoer", "one");
        assertEquals("one", client.receive(String.class, WAIT).body());
        TcpConnection first = clientTcp.connections().get(0);
        serverTcp.connections().forEach(serverTcp::disconnect);
        waitFor(() -> !first.isOpen());
        client.send("1#" + serverAddress() + " => echoer", "two");
        assertEquals("two", client.receive(String.class, WAIT).body());
        assertFalse(clientTcp.connections().get(0).address().equals(first.address()));
    }

    @Test
    void aPeerThatStopsReadingCannotGrowOurMemoryWithoutBound() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            long max = 1 << 20;
            TcpConnection c = clientTcp.connect("127.0.0.1:" + fake.getLocalPort(), TcpConnectionOptions.defaults().maxQueuedBytes(max));
            try (Socket accepted = fake.accept()) { // accepted, never read
                accepted.setReceiveBufferSize(4096);
                byte[] chunk = new byte[64 * 1024];
                CompletableFuture<?> refused = null;
                for (int i = 0; i < 2000 && refused == null; i++) {
                    var f = client.request(Route.of(c.address(), Address.local("sink")), chunk, String.class, Duration.ofMinutes(5))
                            .toCompletableFuture();
                    if (f.isCompletedExceptionally()) {
                        refused = f;
                    }
                }
                assertTrue(refused != null, "some message must be refused once the buffer is full");
                CompletionException e = assertThrows(CompletionException.class, refused::join);
                assertEquals(OckamException.Kind.TRANSPORT, ((OckamException) e.getCause()).kind());
                assertTrue(e.getCause().getMessage().contains("full"), e.getCause().getMessage());
                assertTrue(c.queuedBytes() <= max, "queued " + c.queuedBytes());
                assertTrue(c.isOpen());
            }
        }
    }

    @Test
    void legacyProtocolBetweenTwoNodes() {
        TcpListener legacy = serverTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().protocol(TcpProtocol.LEGACY).allow("uppercase"));
        TcpConnection c = clientTcp.connect(legacy.hostPort(), TcpConnectionOptions.defaults().protocol(TcpProtocol.LEGACY));
        assertEquals("LEGACY", client.request(Route.of(c.address(), Address.local("uppercase")), "legacy", String.class, WAIT)
                .toCompletableFuture().join());
    }

    @Test
    void hundredsOfConnectionsAtOnce() throws Exception {
        int n = 300;
        RawPeer[] peers = new RawPeer[n];
        try {
            for (int i = 0; i < n; i++) {
                peers[i] = new RawPeer(listener.socketAddress());
                peers[i].write(new byte[] {1});
            }
            for (int i = 0; i < n; i++) {
                peers[i].write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"), Bare.encode("m" + i))));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, peers[i].readByte());
                assertArrayEquals(Bare.encode("m" + i), peers[i].readMessage().payload());
            }
            waitFor(() -> serverTcp.connections().size() == n);
        } finally {
            for (RawPeer p : peers) {
                if (p != null) {
                    p.close();
                }
            }
        }
        waitFor(() -> serverTcp.connections().isEmpty());
    }

    @Test
    void stoppingTheNodeClosesItsSockets() throws Exception {
        try (RawPeer peer = new RawPeer(listener.socketAddress())) {
            peer.readByte();
            server.stop();
            assertTrue(peer.closedWithin(WAIT));
        }
        assertThrows(java.io.IOException.class, () -> new Socket().connect(new InetSocketAddress("127.0.0.1", listener.socketAddress().getPort()), 2000));
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.onSpinWait();
        }
    }
}
