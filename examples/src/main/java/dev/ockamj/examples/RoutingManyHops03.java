package dev.ockamj.examples;

import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import java.time.Duration;

/** 03-routing-many-hops: app → h1 → h2 → h3 → echoer, and back. */
public final class RoutingManyHops03 {
    public static void main(String[] args) {
        try (Node node = Node.start()) {
            node.startWorker("echoer", new PrintingEchoer());
            node.startWorker("h1", new PrintingHop());
            node.startWorker("h2", new PrintingHop());
            node.startWorker("h3", new PrintingHop());
            node.send(Route.parse("h1 => h2 => h3 => echoer"), "Hello Ockam!");
            String reply = node.receive(String.class, Duration.ofSeconds(10)).body();
            System.out.println("App Received: " + reply);
        }
    }
}
