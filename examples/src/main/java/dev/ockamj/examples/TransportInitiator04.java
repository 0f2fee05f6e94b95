package dev.ockamj.examples;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;

/** 04-routing-over-transport-initiator: connects to the responder and sends "Hello Ockam!" to its echoer. */
public final class TransportInitiator04 {
    public static void main(String[] args) {
        String responder = args.length > 0 ? args[0] : "localhost:4000";
        int status = 0;
        try (Node node = Node.start()) {
            TcpTransport tcp = TcpTransport.create(node);
            TcpConnection connection = tcp.connect(responder);
            node.send(Route.of(connection.address(), Address.local("echoer")), "Hello Ockam!");
            String reply = node.receive(String.class, Duration.ofSeconds(10)).body();
            System.out.println("App Received: " + reply);
        } catch (OckamException e) {
            System.err.println("error: " + e.getMessage()
                    + "\nIs the responder running? Start it with: examples/run 04-routing-over-transport-responder");
            status = 1;
        }
        System.exit(status);
    }
}
