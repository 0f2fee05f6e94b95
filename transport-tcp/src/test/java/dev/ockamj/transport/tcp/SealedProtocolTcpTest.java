package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sealed interface as a worker's protocol, between two nodes over real sockets, with no extra call. */
class SealedProtocolTcpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    sealed interface Command permits Increment, Get {
    }

    record Increment(int by) implements Command {
    }

    record Get() implements Command {
    }

    record Amount(int value) {
    }

    /** Akka's Behavior&lt;Command&gt;, as an ockamj worker. */
    static final class Counter implements Worker<Command> {
        final List<Command> seen = new CopyOnWriteArrayList<>();
        private int count;

        @Override
        public void handleMessage(Context ctx, Routed<Command> msg) {
            seen.add(msg.body());
            if (msg.body() instanceof Increment inc) {
                count += inc.by();
            } else if (msg.body() instanceof Get) {
                ctx.send(msg.returnRoute(), count);
            }
        }
    }

    static final class Amounts implements Worker<Amount> {
        final List<Amount> seen = new CopyOnWriteArrayList<>();

        @Override
        public void handleMessage(Context ctx, Routed<Amount> msg) {
            seen.add(msg.body());
            ctx.send(msg.returnRoute(), msg.body());
        }
    }

    private Node server;
    private Node client;
    private final Counter counter = new Counter();
    private final Amounts amounts = new Amounts();
    private Route counterRoute;
    private Route amountsRoute;

    @BeforeEach
    void start() {
        server = TcpTransportTest.node("sealed-server");
        client = TcpTransportTest.node("sealed-client");
        server.startWorker("counter", counter);
        server.startWorker("amounts", amounts);
        TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("counter", "amounts"));
        TcpConnection c = TcpTransport.create(client).connect(listener.hostPort());
        counterRoute = Route.of(c.address(), Address.local("counter"));
        amountsRoute = Route.of(c.address(), Address.local("amounts"));
    }

    @AfterEach
    void stop() {
        client.stop();
        server.stop();
    }

    @Test
    void recordsOfASealedInterfaceArriveAsTheirVariants() {
        client.send(counterRoute, new Increment(2));
        client.send(counterRoute, new Increment(3));
        int count = client.request(counterRoute, new Get(), Integer.class, WAIT).toCompletableFuture().join();
        assertEquals(5, count);
        assertEquals(List.of(new Increment(2), new Increment(3), new Get()), counter.seen);
    }

    @Test
    void aBodyOfAnotherTypeFromAnotherNodeNeverReachesTheHandler() {
        try (LogCapture log = new LogCapture("dev.ockamj.node.WorkerCell")) {
            client.send(amountsRoute, "hello"); // before: the handler got Amount[value=1818585093]
            String line = log.await(Level.WARN, l -> l.contains("0#amounts") && l.contains("dropped"));
            assertTrue(line.contains("left after the value"), line);
        }
        // a variant of an unrelated enum is refused too, not read as an Amount
        CompletionException e = assertThrows(CompletionException.class, () ->
                client.request(amountsRoute, new Increment(1), Amount.class, Duration.ofSeconds(1))
                        .toCompletableFuture().join());
        assertEquals(OckamException.Kind.TIMEOUT, assertInstanceOf(OckamException.class, e.getCause()).kind());
        assertEquals(List.of(), amounts.seen);
        assertEquals(new Amount(4), client.request(amountsRoute, new Amount(4), Amount.class, WAIT)
                .toCompletableFuture().join());
    }
}
