package tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.cluster.ClusterNode;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Hop;
import dev.ockamj.node.IncomingAccessControl;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Processor;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.WorkerBuilder;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The newcomer's tour of ockamj, written as a user's code is: in a package outside {@code dev.ockamj}, in a
 * module ({@code dev.ockamj.examples}) that sees only what ockamj's modules export, so it also proves that the
 * exported API is enough on its own. Each test is one stop of the tour.
 */
class ApiTourTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** A worker: handles one message at a time; replies go to the message's return route. */
    static final class Greeter implements Worker<String> {
        private int greeted;

        @Override
        public void handleMessage(Context ctx, Routed<String> msg) {
            greeted++;
            ctx.send(msg.returnRoute(), "Hello, " + msg.body() + " (#" + greeted + ")");
        }
    }

    /** Bodies are records (or strings, numbers, lists...); between nodes they travel as BARE. */
    record Amount(String currency, long cents) {
    }

    static final class Doubler implements Worker<Amount> {
        @Override
        public void handleMessage(Context ctx, Routed<Amount> msg) {
            ctx.send(msg.returnRoute(), new Amount(msg.body().currency(), msg.body().cents() * 2));
        }
    }

    @Test
    void aNodeRunsWorkersThatTheProgramTalksTo() {
        try (Node node = Node.builder().name("tour").start()) {
            node.startWorker("greeter", new Greeter());
            node.send("greeter", "Ada");
            Routed<String> reply = node.receive(String.class, WAIT);
            assertEquals("Hello, Ada (#1)", reply.body());
            assertEquals(Address.local("greeter"), reply.source());
            assertTrue(node.listWorkers().contains(Address.local("greeter")));
            node.stopWorker("greeter");
        }
    }

    @Test
    void requestReplyAndRoutesThroughHops() {
        try (Node node = Node.start()) {
            node.startWorker("echoer", new Echoer());
            node.startWorker("h1", new Hop());
            node.startWorker("h2", new Hop());
            node.startWorker("doubler", new Doubler());
            // a route is a list of hops: h1 => h2 => echoer, and the reply comes back the same way
            Route route = Route.parse("h1 => h2 => echoer");
            assertEquals(List.of(Address.local("h1"), Address.local("h2"), Address.local("echoer")), route.addresses());
            String echoed = node.request(route, "through two hops", String.class, WAIT).toCompletableFuture().join();
            assertEquals("through two hops", echoed);
            Amount doubled = node.request("doubler", new Amount("EUR", 250), Amount.class, WAIT).toCompletableFuture().join();
            assertEquals(new Amount("EUR", 500), doubled);
            // a request to nobody fails, it does not hang
            CompletionException e = assertThrows(CompletionException.class, () -> node.request("nobody", "x",
                    String.class, WAIT).toCompletableFuture().join());
            assertInstanceOf(OckamException.class, e.getCause());
        }
    }

    @Test
    void aProcessorRunsUntilItSaysItIsDone() {
        try (Node node = Node.start()) {
            AtomicInteger ticks = new AtomicInteger();
            node.startProcessor("ticker", new Processor() {
                @Override
                public boolean process(Context ctx) {
                    ctx.send(Route.of(Node.APP), "tick " + ticks.incrementAndGet());
                    return ticks.get() < 3; // false: stop
                }
            });
            for (int i = 1; i <= 3; i++) {
                assertEquals("tick " + i, node.receive(String.class, WAIT).body());
            }
        }
    }

    @Test
    void accessControlDecidesWhoMayReachAWorker() {
        try (Node node = Node.start()) {
            WorkerBuilder.of(new Echoer()).address("private", IncomingAccessControl.allowFrom("trusted"),
                    dev.ockamj.node.OutgoingAccessControl.allowAll()).start(node);
            node.startWorker("trusted", new Hop());
            node.startWorker("stranger", new Hop());
            // through "trusted" the message gets in; through "stranger" it is dropped
            assertEquals("in", node.request(Route.parse("trusted => private"), "in", String.class, WAIT)
                    .toCompletableFuture().join());
            node.send(Route.parse("stranger => private"), "out");
            assertThrows(OckamException.class, () -> node.receive(String.class, Duration.ofMillis(300)));
        }
    }

    @Test
    void twoNodesTalkOverTcp() {
        try (Node server = Node.builder().name("server").start(); Node client = Node.builder().name("client").start()) {
            server.startWorker("doubler", new Doubler());
            TcpTransport serverTcp = TcpTransport.create(server);
            // a listener lets in only what it allows: here the doubler
            TcpListener listener = serverTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("doubler"));
            TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
            assertTrue(connection.isOpen());
            Amount reply = client.request(Route.of(connection.address(), Address.local("doubler")), new Amount("USD", 21),
                    Amount.class, WAIT).toCompletableFuture().join();
            assertEquals(new Amount("USD", 42), reply);
            // raw bytes, as a Rust node sees them: a NeutralMessage is the payload unchanged
            NeutralMessage raw = client.request(Route.of(connection.address(), Address.local("doubler")),
                    NeutralMessage.wrap(Bare.encode(new Amount("GBP", 1))), NeutralMessage.class, WAIT)
                    .toCompletableFuture().join();
            assertEquals(new Amount("GBP", 2), Bare.decode(raw.bytes(), Amount.class));
            // the same route as text: 1#host:port opens (or reuses) a connection
            String echoed;
            server.startWorker("echoer", new Echoer());
            TcpListener open = serverTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("echoer"));
            echoed = client.request(Route.parse("1#" + open.hostPort() + " => echoer"), "by address", String.class, WAIT)
                    .toCompletableFuture().join();
            assertEquals("by address", echoed);
        }
    }

    @Test
    void aClusterServiceIsReachedByName() {
        try (ClusterNode member = ClusterNode.builder().name("tour-member").artery("127.0.0.1", 0)
                .config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 5s")).start()) {
            member.join(member.memberAddress()); // a cluster of one
            member.awaitUp(Duration.ofSeconds(30));
            member.node().startWorker("upper-local", new Worker<String>() {
                @Override
                public void handleMessage(Context ctx, Routed<String> msg) {
                    ctx.send(msg.returnRoute(), msg.body().toUpperCase());
                }
            });
            member.publishService("upper", "upper-local");
            member.awaitService("upper", 1, Duration.ofSeconds(30));
            assertEquals("BY NAME", member.node().request(ClusterNode.serviceRoute("upper"), "by name", String.class, WAIT)
                    .toCompletableFuture().join());
            assertFalse(member.members().isEmpty());
        }
    }
}
