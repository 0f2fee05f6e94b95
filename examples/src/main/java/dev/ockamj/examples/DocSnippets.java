package dev.ockamj.examples;

import dev.ockamj.cluster.ClusterNode;
import dev.ockamj.identity.SecureChannel;
import dev.ockamj.identity.SecureChannelListenerOptions;
import dev.ockamj.identity.SecureChannelOptions;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.IncomingAccessControl;
import dev.ockamj.node.Node;
import dev.ockamj.node.OutgoingAccessControl;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Uppercase;
import dev.ockamj.node.Worker;
import dev.ockamj.node.WorkerBuilder;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * Code shown in docs/ that is not part of a runnable example. It lives here so that it compiles;
 * DocsSnippetsTest checks that every Java block in the docs is found, line for line, in the examples.
 */
final class DocSnippets {
    private DocSnippets() {
    }

    /** docs/nodes-and-workers.md: several addresses, access control. */
    static String workerBuilder(Node node) {
WorkerBuilder.of(new Echoer())
    .address("echoer")                                   // allow all
    .address("admin", IncomingAccessControl.allowFrom("app"), OutgoingAccessControl.allowTo("app"))
    .start(node);
node.send(Route.of("admin"), "status");                // sent from app: admitted
String status = node.receive(String.class, Duration.ofSeconds(5)).body(); // the reply goes to app: allowed
        return status;
    }

    /** docs/observability.md: a node's meters in the application's registry. */
    static double metrics() {
MeterRegistry registry = new SimpleMeterRegistry(); // or the application's PrometheusMeterRegistry, ...
Node node = Node.builder().name("n1").meterRegistry(registry).start();
        node.startWorker("echoer", new Echoer());
        node.request(Route.of("echoer"), "hi", String.class, Duration.ofSeconds(5)).toCompletableFuture().join();
        double delivered = registry.get("ockamj.node.messages.delivered").tag("node", "n1").counter().count();
        node.stop();
        return delivered;
    }

    /** docs/observability.md: a node's traces in the application's OpenTelemetry. */
    static Node traced() {
OpenTelemetry otel = GlobalOpenTelemetry.get(); // the Java agent's, or the OpenTelemetrySdk the application built
Node traced = Node.builder().name("n1").openTelemetry(otel).start();
        return traced;
    }

    /** docs/interop.md: reaching a Rust node's echoer. */
    static String rustEchoer(Node node, TcpTransport tcp) {
TcpConnection c = tcp.connect("127.0.0.1:4000");
String reply = node.request(Route.of(c.address(), Address.local("echoer")), "Hello Ockam!",
        String.class, Duration.ofSeconds(10)).toCompletableFuture().join();
        return reply;
    }

    /** docs/cluster.md: a member. */
    static ClusterNode member() {
ClusterNode member = ClusterNode.builder()
        .name("m1")
        .artery("127.0.0.1", 25520)
        .seedNodes("127.0.0.1:25520")          // the first seed forms the cluster; others list it too
        .start();
member.awaitMembers(1, Duration.ofSeconds(30));  // throws OckamException TIMEOUT if the cluster does not form
        return member;
    }

    /** docs/cluster.md: a cluster service. */
    static String service(ClusterNode member) {
member.node().startWorker("uppercase", new Uppercase());
member.publishService("uppercase", "uppercase");   // reachable from every member as 101#uppercase
member.awaitService("uppercase", 1, Duration.ofSeconds(10));
String reply = member.node().request(ClusterNode.serviceRoute("uppercase"), "hello", String.class,
        Duration.ofSeconds(10)).toCompletableFuture().join();
        return reply;
    }

    /** docs/cluster.md: a sharded worker. */
    static String sharded(ClusterNode member) {
member.registerSharded("counter", Counter::new);  // every member registers the same types
Route customer = ClusterNode.entityRoute("counter", "customer-42");
member.node().send(customer, new Increment(2));
String count = member.node().request(customer, new Get(), String.class, Duration.ofSeconds(10))
        .toCompletableFuture().join();            // "customer-42: 2"
        return count;
    }

    // docs/nodes-and-workers.md: a sealed interface as a worker's protocol
sealed interface Command permits Increment, Get {}
record Increment(int by) implements Command {}
record Get() implements Command {}

// docs/cluster.md: a sharded worker; the factory gets its entity id, its state is its fields
static final class Counter implements Worker<Command> {
    private final String entityId;
    private int count;

    Counter(String entityId) {
        this.entityId = entityId;
    }

    @Override
    public void handleMessage(Context ctx, Routed<Command> msg) {
        if (msg.body() instanceof Increment increment) {
            count += increment.by();
        } else if (msg.body() instanceof Get) {
            ctx.send(msg.returnRoute(), entityId + ": " + count);
        }
    }
}

    /** docs/secure-channels.md: a channel between two nodes. */
    static String secureChannel(Node server, Node client) {
SecureChannels serverChannels = SecureChannels.create(server);
serverChannels.createListener("api", SecureChannelListenerOptions.defaults().allow("echoer"));
TcpListener listener = TcpTransport.create(server).listen("127.0.0.1:0",
        TcpListenerOptions.defaults().allow("api"));

SecureChannels clientChannels = SecureChannels.create(client);
TcpConnection connection = TcpTransport.create(client).connect(listener.hostPort());
SecureChannel channel = clientChannels.createSecureChannel(
        Route.of(connection.address(), Address.local("api")), SecureChannelOptions.defaults());
String reply = client.request(channel.route("echoer"), "Hello Ockam!", String.class,
        Duration.ofSeconds(10)).toCompletableFuture().join();
        return reply;
    }

    /** docs/interop.md: a record that shares bytes with a Rust struct. */
record Order(String item, int quantity, Optional<String> note) {}   // struct Order { item: String, quantity: i32, note: Option<String> }
}
