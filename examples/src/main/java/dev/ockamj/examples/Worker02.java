package dev.ockamj.examples;

import dev.ockamj.node.Node;
import java.time.Duration;

/** 02-worker: an echoer worker, and the app sending it a message and printing the reply. */
public final class Worker02 {
    public static void main(String[] args) {
        try (Node node = Node.start()) {
            node.startWorker("echoer", new PrintingEchoer());
            node.send("echoer", "Hello Ockam!");
            String reply = node.receive(String.class, Duration.ofSeconds(10)).body();
            System.out.println("App Received: " + reply);
        }
    }
}
