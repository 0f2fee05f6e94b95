package dev.ockamj.transport.tcp;

import static dev.ockamj.node.testing.Eventually.assertEventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TCP transport's Micrometer meters (issue 16), between two real nodes over real sockets. */
class TcpMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Node server;
    private Node client;
    private TcpListener listener;

    @BeforeEach
    void start() {
        server = Node.builder().name("server").meterRegistry(registry).start();
        client = Node.builder().name("client").meterRegistry(registry).start();
        server.startWorker("echoer", new Echoer());
        listener = TcpTransport.create(server).listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("echoer"));
    }

    @AfterEach
    void stop() {
        client.stop();
        server.stop();
    }

    private FunctionCounter connectionCounter(String name, Address connection) {
        return registry.find(name).tag("connection", connection.valueString()).functionCounter();
    }

    private double closed(String node, String reason) {
        var c = registry.find("ockamj.tcp.connections.closed").tags("node", node, "reason", reason).counter();
        return c == null ? Double.NaN : c.count();
    }


    @Test
    void aConnectionCountsItsFramesAndBytesAndLeavesTheRegistryWhenClosed() throws Exception {
        TcpTransport tcp = TcpTransport.create(client);
        TcpConnection connection = tcp.connect(listener.hostPort());
        for (int i = 0; i < 3; i++) {
            assertEquals("hi " + i, client.request(Route.of(connection.address(), Address.local("echoer")), "hi " + i,
                    String.class, WAIT).toCompletableFuture().join());
        }
        FunctionCounter out = connectionCounter("ockamj.tcp.connection.frames.out", connection.address());
        assertNotNull(out);
        assertEquals("client", out.getId().getTag("node"));
        assertEquals("outgoing", out.getId().getTag("mode"));
        assertEquals(3, out.count());
        assertEquals(3, connectionCounter("ockamj.tcp.connection.frames.in", connection.address()).count());
        assertEquals(connection.bytesOut(),
                connectionCounter("ockamj.tcp.connection.bytes.out", connection.address()).count());
        assertTrue(connection.bytesOut() > 3 * 5, "bytes out: " + connection.bytesOut());

        // the server's end: incoming, on the listener
        var incoming = registry.find("ockamj.tcp.connection.frames.in").tags("node", "server", "mode", "incoming")
                .functionCounter();
        assertNotNull(incoming);
        assertEquals(listener.hostPort(), incoming.getId().getTag("listener"));
        assertEquals(3, incoming.count());

        long bytesOut = connection.bytesOut();
        tcp.disconnect(connection);
        assertEquals(1, closed("client", "closed_locally"));
        assertNull(connectionCounter("ockamj.tcp.connection.frames.out", connection.address()));
        assertEventually(1, () -> closed("server", "peer_closed"), WAIT);
        assertNull(registry.find("ockamj.tcp.connection.frames.in").tags("node", "server").functionCounter());

        // the totals by mode and listener keep what the closed connections counted
        assertEquals(bytesOut, total("ockamj.tcp.bytes.out", "client", "outgoing", ""));
        assertEquals(3, total("ockamj.tcp.frames.out", "client", "outgoing", ""));
        assertEquals(1, total("ockamj.tcp.connections.opened", "client", "outgoing", ""));
        assertEquals(3, total("ockamj.tcp.frames.in", "server", "incoming", listener.hostPort()));
        assertEquals(bytesOut, total("ockamj.tcp.bytes.in", "server", "incoming", listener.hostPort()));
        // a second connection adds to them
        TcpConnection again = tcp.connect(listener.hostPort());
        client.request(Route.of(again.address(), Address.local("echoer")), "x", String.class, WAIT)
                .toCompletableFuture().join();
        assertEquals(4, total("ockamj.tcp.frames.out", "client", "outgoing", ""));
        assertEquals(2, total("ockamj.tcp.connections.opened", "client", "outgoing", ""));

        // and a stopped node's meters leave the registry
        client.stop();
        assertTrue(registry.find("ockamj.tcp.frames.out").tags("node", "client").functionCounters().isEmpty());
        assertNull(registry.find("ockamj.tcp.connections.closed").tags("node", "client").counter());
    }

    private double total(String name, String node, String mode, String listener) {
        var c = registry.find(name).tags("node", node, "mode", mode, "listener", listener).functionCounter();
        return c == null ? Double.NaN : c.count();
    }

    @Test
    void aPeerThatSendsGarbageIsCountedAsAProtocolError() throws Exception {
        int port = Integer.parseInt(listener.hostPort().substring(listener.hostPort().lastIndexOf(':') + 1));
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream os = raw.getOutputStream();
            // version 1, then a frame of one byte that is not a CBOR array: the receiver closes, as Rust does
            os.write(new byte[] {1, 0, 0, 0, 1, (byte) 0xff});
            os.flush();
            assertEventually(1, () -> closed("server", "protocol_error"), WAIT);
        }
        assertEquals(0, closed("server", "peer_closed"));
    }

    @Test
    void aConnectionThatCannotConnectIsCounted() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try {
            TcpTransport.create(client).connect("127.0.0.1:" + port);
        } catch (RuntimeException expected) {
            // refused
        }
        assertEventually(1, () -> closed("client", "connect_failed"), WAIT);
    }
}
