package dev.ockamj.examples;

import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;

/**
 * 04-routing-over-transport-two-hops-middle: connects to the responder, starts a relay to it at
 * "forward_to_responder", and listens for the initiator. Runs until killed.
 */
public final class TwoHopsMiddle04 {
    public static void main(String[] args) {
        String bind = args.length > 0 ? args[0] : "127.0.0.1:3000";
        String responder = args.length > 1 ? args[1] : "127.0.0.1:4000";
        Node node = Node.start();
        TcpTransport tcp = TcpTransport.create(node);
        TcpConnection toResponder = tcp.connect(responder);
        node.startWorker("forward_to_responder", new Relay(Route.of(toResponder.address())));
        TcpListener listener = tcp.listen(bind, TcpListenerOptions.defaults().allow("forward_to_responder"));
        System.out.println("Middle listening on " + listener.hostPort() + ", relaying to " + responder);
        node.awaitStopped(Duration.ofDays(365 * 100L));
    }
}
