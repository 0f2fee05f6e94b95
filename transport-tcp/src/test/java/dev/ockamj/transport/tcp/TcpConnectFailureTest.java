package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections and listeners that cannot be made: each is a TRANSPORT error that names the peer. (A connect
 * timeout is not tested: this sandbox's network accepts connections to any address.)
 */
class TcpConnectFailureTest {
    private Node node;
    private TcpTransport tcp;

    @BeforeEach
    void start() {
        node = Node.start();
        tcp = TcpTransport.create(node);
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    @Test
    void anUnresolvableHostNameIsNamed() {
        String peer = "no-such-host.invalid:4000";
        OckamException e = assertThrows(OckamException.class,
                () -> tcp.connect(peer, TcpConnectionOptions.defaults().connectTimeout(Duration.ofSeconds(5))));
        assertEquals(OckamException.Kind.TRANSPORT, e.kind());
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }

    @Test
    void aTakenListenerAddressIsAClearError() {
        TcpListener first = tcp.listen("127.0.0.1:0");
        OckamException e = assertThrows(OckamException.class, () -> tcp.listen(first.hostPort()));
        assertEquals(OckamException.Kind.TRANSPORT, e.kind());
        assertTrue(e.getMessage().contains(first.hostPort()), e.getMessage());
    }
}
