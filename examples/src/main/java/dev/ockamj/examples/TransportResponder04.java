package dev.ockamj.examples;

import dev.ockamj.node.Node;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;

/** 04-routing-over-transport-responder: an echoer behind a TCP listener; runs until killed. */
public final class TransportResponder04 {
    public static void main(String[] args) {
        String bind = args.length > 0 ? args[0] : "127.0.0.1:4000";
        Node node = Node.start();
        node.startWorker("echoer", new PrintingEchoer());
        TcpTransport tcp = TcpTransport.create(node);
        // only the echoer is reachable through this listener
        TcpListener listener = tcp.listen(bind, TcpListenerOptions.defaults().allow("echoer"));
        System.out.println("Responder listening on " + listener.hostPort());
        node.awaitStopped(Duration.ofDays(365 * 100L));
    }
}
