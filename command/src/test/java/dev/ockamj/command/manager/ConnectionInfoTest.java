package dev.ockamj.command.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpConnectionOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `tcp-connection list` gets from the manager shows a peer that stopped reading. */
class ConnectionInfoTest {

    @Test
    void aConnectionWhosePeerStoppedReadingIsShownStalledWithItsDrops() throws Exception {
        Node node = Node.builder().name("info").start();
        try (ServerSocket peer = new ServerSocket()) {
            peer.setReceiveBufferSize(4096); // set before accept, so the window the peer offers stays small
            peer.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TcpTransport tcp = TcpTransport.create(node);
            TcpConnection c = tcp.connect("127.0.0.1:" + peer.getLocalPort(),
                    TcpConnectionOptions.defaults().maxQueuedBytes(64 * 1024));
            try (Socket accepted = peer.accept()) { // accepted, never read
                Map<String, Object> before = NodeManager.connectionInfo(c);
                assertEquals(false, before.get("stalled"));
                assertEquals(0L, before.get("messagesDropped"));

                byte[] chunk = new byte[16 * 1024];
                // Until the socket buffers are full too (before that the I/O thread drains our queue into them).
                // The kernel may still take a burst after a stall, so judge the manager's own snapshot, not an
                // earlier reading of the connection.
                Map<String, Object> after = before;
                for (int i = 0; i < 100_000 && !stalledWithDrops(after); i++) {
                    node.send(Route.of(c.address(), Address.local("sink")), chunk);
                    after = NodeManager.connectionInfo(c);
                }
                assertEquals(true, after.get("stalled"), after.toString());
                assertTrue((Long) after.get("messagesDropped") > 0, after.toString());
                assertTrue((Long) after.get("queuedBytes") > 0, after.toString());
            }
        } finally {
            node.stop();
        }
    }

    private static boolean stalledWithDrops(Map<String, Object> info) {
        return Boolean.TRUE.equals(info.get("stalled"))
                && (Long) info.get("messagesDropped") > 0
                && (Long) info.get("queuedBytes") > 0;
    }
}
