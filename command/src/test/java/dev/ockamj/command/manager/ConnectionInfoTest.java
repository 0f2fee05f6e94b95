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
        try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TcpTransport tcp = TcpTransport.create(node);
            TcpConnection c = tcp.connect("127.0.0.1:" + peer.getLocalPort(),
                    TcpConnectionOptions.defaults().maxQueuedBytes(64 * 1024));
            try (Socket accepted = peer.accept()) { // accepted, never read
                accepted.setReceiveBufferSize(4096);
                Map<String, Object> before = NodeManager.connectionInfo(c);
                assertEquals(false, before.get("stalled"));
                assertEquals(0L, before.get("messagesDropped"));

                byte[] chunk = new byte[16 * 1024];
                // until the socket buffers are full too: before that, the I/O thread drains our queue into them
                for (int i = 0; i < 100_000 && !(c.isStalled() && c.queuedBytes() > c.maxQueuedBytes() / 2); i++) {
                    node.send(Route.of(c.address(), Address.local("sink")), chunk);
                }
                Map<String, Object> after = NodeManager.connectionInfo(c);
                assertEquals(true, after.get("stalled"), after.toString());
                assertTrue((Long) after.get("messagesDropped") > 0, after.toString());
                assertTrue((Long) after.get("queuedBytes") > 0, after.toString());
            }
        } finally {
            node.stop();
        }
    }
}
