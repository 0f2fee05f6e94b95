package dev.ockamj.examples;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;

/** 04-routing-over-transport-two-hops-initiator: reaches the responder's echoer through the middle node's relay. */
public final class TwoHopsInitiator04 {
    public static void main(String[] args) {
        String middle = args.length > 0 ? args[0] : "localhost:3000";
        int status = 0;
        try (Node node = Node.start()) {
            TcpTransport tcp = TcpTransport.create(node);
            TcpConnection connection = tcp.connect(middle);
            Route route = Route.of(connection.address(), Address.local("forward_to_responder"), Address.local("echoer"));
            node.send(route, "Hello Ockam!");
            String reply = node.receive(String.class, Duration.ofSeconds(10)).body();
            System.out.println("App Received: " + reply);
        } catch (OckamException e) {
            System.err.println("error: " + e.getMessage()
                    + "\nAre the middle and responder nodes running? See docs/transports.md");
            status = 1;
        }
        System.exit(status);
    }
}
