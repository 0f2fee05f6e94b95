package dev.ockamj.benchmarks;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Node;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpConnectionOptions;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.util.function.UnaryOperator;

/**
 * Two nodes in this JVM, each with its own TCP transport: {@code b} listens on 127.0.0.1 (port 0) and lets
 * its connections reach the named workers; {@code a} holds one connection to it. Stops both when closed.
 */
final class TcpNodes implements AutoCloseable {
    /** How both nodes are built beyond their name and config (ObservabilityBenchmark: metrics or traces on). */
    static volatile UnaryOperator<Node.Builder> observe = UnaryOperator.identity();

    final Node a;
    final Node b;
    final TcpTransport tcpA;
    final TcpTransport tcpB;
    final TcpListener listener;
    final TcpConnection connection;

    private TcpNodes(Node a, Node b, TcpTransport tcpA, TcpTransport tcpB, TcpListener listener, TcpConnection connection) {
        this.a = a;
        this.b = b;
        this.tcpA = tcpA;
        this.tcpB = tcpB;
        this.listener = listener;
        this.connection = connection;
    }

    /** Starts both nodes, the listener on {@code b} (allowing {@code allowed}) and the connection from {@code a}. */
    static TcpNodes start(String... allowed) {
        Node b = node("tcp-b");
        Node a = null;
        try {
            TcpTransport tcpB = TcpTransport.create(b);
            TcpListener listener = tcpB.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow(allowed));
            a = node("tcp-a");
            TcpTransport tcpA = TcpTransport.create(a);
            // a bigger outgoing buffer than the default: the one-way sender keeps itself far below it anyway
            TcpConnection c = tcpA.connect(listener.hostPort(), TcpConnectionOptions.defaults().maxQueuedBytes(256L << 20));
            return new TcpNodes(a, b, tcpA, tcpB, listener, c);
        } catch (RuntimeException e) {
            if (a != null) {
                a.stop();
            }
            b.stop();
            throw e;
        }
    }

    private static Node node(String name) {
        Node.Builder b = Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 5s"));
        return observe.apply(b).start();
    }

    /** Both ends' counters, for a report when a run stalls. */
    String describe() {
        StringBuilder s = new StringBuilder();
        for (TcpConnection c : tcpA.connections()) {
            s.append("\n    node a ").append(stats(c));
        }
        for (TcpConnection c : tcpB.connections()) {
            s.append("\n    node b ").append(stats(c));
        }
        return s.toString();
    }

    private static String stats(TcpConnection c) {
        return String.format("%s open=%s messagesOut=%,d bytesOut=%,d messagesIn=%,d bytesIn=%,d queuedBytes=%,d",
                c, c.isOpen(), c.messagesOut(), c.bytesOut(), c.messagesIn(), c.bytesIn(), c.queuedBytes());
    }

    @Override
    public void close() {
        a.stop();
        b.stop();
    }
}
