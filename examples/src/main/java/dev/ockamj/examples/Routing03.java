package dev.ockamj.examples;

import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import java.time.Duration;

/** 03-routing: app → hop h1 → echoer, and the reply back through h1. */
public final class Routing03 {
    public static void main(String[] args) {
        try (Node node = Node.start()) {
            node.startWorker("echoer", new PrintingEchoer());
            node.startWorker("h1", new PrintingHop());
            node.send(Route.of("h1", "echoer"), "Hello Ockam!");
            String reply = node.receive(String.class, Duration.ofSeconds(10)).body();
            System.out.println("App Received: " + reply);
        }
    }
}
