package dev.ockamj.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Three members, three ActorSystems in this JVM, Artery on 127.0.0.1 with free ports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    ClusterNode a;
    ClusterNode b;
    ClusterNode c;

    /** Replies with the member that handled the message. */
    static final class WhoAmI implements Worker<String> {
        private final String member;

        WhoAmI(String member) {
            this.member = member;
        }

        @Override
        public void handleMessage(Context ctx, Routed<String> msg) {
            ctx.send(msg.returnRoute(), msg.body().toUpperCase() + " from " + member);
        }
    }

    /** A sharded worker with state: counts its messages. */
    static final class Counter implements Worker<String> {
        private final String member;
        private int count;

        Counter(String member) {
            this.member = member;
        }

        @Override
        public void handleMessage(Context ctx, Routed<String> msg) {
            count++;
            ctx.send(msg.returnRoute(), msg.body() + "=" + count + "@" + member);
        }
    }

    sealed interface Command permits Add, Total {
    }

    record Add(int amount) implements Command {
    }

    record Total() implements Command {
    }

    /** A sharded worker with a sealed protocol that knows its entity id. */
    static final class Tally implements Worker<Command> {
        private final String entityId;
        private final String member;
        private int total;

        Tally(String entityId, String member) {
            this.entityId = entityId;
            this.member = member;
        }

        @Override
        public void handleMessage(Context ctx, Routed<Command> msg) {
            if (msg.body() instanceof Add add) {
                total += add.amount();
                ctx.send(msg.returnRoute(), "added");
            } else if (msg.body() instanceof Total) {
                ctx.send(msg.returnRoute(), entityId + "=" + total + "@" + member);
            }
        }
    }

    static ClusterNode member(String name) {
        return ClusterNode.builder().name(name).artery("127.0.0.1", 0)
                .config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 5s\n"
                        + "akka.cluster.split-brain-resolver.stable-after = 3s\n"))
                .start();
    }

    @BeforeAll
    void start() {
        a = member("a");
        b = member("b");
        c = member("c");
        a.join(a.memberAddress());
        b.join(a.memberAddress());
        c.join(a.memberAddress());
        for (ClusterNode m : List.of(a, b, c)) {
            m.awaitMembers(3, Duration.ofSeconds(60));
            m.registerSharded("counter", entityId -> new Counter(m.memberAddress()));
            m.registerSharded("tally", entityId -> new Tally(entityId, m.memberAddress()));
        }
        b.node().startWorker("upper", new WhoAmI(b.memberAddress()));
        c.node().startWorker("upper", new WhoAmI(c.memberAddress()));
        b.publishService("upper", "upper");
        c.publishService("upper", "upper");
        a.awaitService("upper", 2, WAIT);
    }

    @AfterAll
    void stop() {
        for (ClusterNode m : new ClusterNode[] {c, b, a}) {
            if (m != null) {
                m.close();
            }
        }
    }

    private static String ask(Node from, Route route, String body) {
        return from.request(route, body, String.class, WAIT).toCompletableFuture().join();
    }

    @Test
    void membersAreListedWithTheirStatus() {
        List<MemberInfo> members = a.members();
        assertEquals(3, members.size());
        assertTrue(members.stream().allMatch(m -> m.status().equals("Up") && m.reachable()), members.toString());
        assertTrue(members.stream().anyMatch(m -> m.address().equals(b.memberAddress())));
    }

    @Test
    void aRouteContinuesOnAnotherMemberAndTheReplyComesBack() {
        b.node().startWorker("echoer-b", new Echoer());
        Route route = Route.of(b.memberHop(), Address.local("echoer-b"));
        assertEquals("over the cluster", ask(a.node(), route, "over the cluster"));
        // and a member hop to itself works too
        a.node().startWorker("echoer-a", new Echoer());
        assertEquals("self", ask(a.node(), Route.of(a.memberHop(), Address.local("echoer-a")), "self"));
    }

    @Test
    void aClusterServiceIsSpreadOverItsProviders() {
        Set<String> handledBy = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            String reply = ask(a.node(), ClusterNode.serviceRoute("upper"), "hi");
            assertTrue(reply.startsWith("HI from "), reply);
            handledBy.add(reply.substring("HI from ".length()));
        }
        assertEquals(Set.of(b.memberAddress(), c.memberAddress()), handledBy);
    }

    @Test
    void noProviderFailsTheRequestAtOnce() {
        var f = a.node().request(ClusterNode.serviceRoute("nobody-provides-this"), "x", String.class, Duration.ofMinutes(5))
                .toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, () -> f.orTimeout(30, TimeUnit.SECONDS).join());
        OckamException cause = assertInstanceOf(OckamException.class, e.getCause());
        assertEquals(OckamException.Kind.ADDRESS_NOT_FOUND, cause.kind());
        assertTrue(cause.getMessage().contains("nobody-provides-this"), cause.getMessage());
    }

    @Test
    void unknownMemberFailsTheRequestAtOnce() {
        var f = a.node().request(Route.of(Address.of(ClusterNode.CLUSTER_MEMBER, "127.0.0.1:1"), Address.local("x")), "x",
                String.class, Duration.ofMinutes(5)).toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, () -> f.orTimeout(30, TimeUnit.SECONDS).join());
        assertTrue(e.getCause().getMessage().contains("127.0.0.1:1"), e.getCause().getMessage());
    }

    @Test
    void aShardedWorkerKeepsItsStateWhicheverMemberSends() {
        String first = ask(a.node(), ClusterNode.entityRoute("counter", "e1"), "e1");
        assertTrue(first.startsWith("e1=1@"), first);
        assertTrue(ask(b.node(), ClusterNode.entityRoute("counter", "e1"), "e1").startsWith("e1=2@"));
        assertTrue(ask(c.node(), ClusterNode.entityRoute("counter", "e1"), "e1").startsWith("e1=3@"));
        assertTrue(ask(a.node(), ClusterNode.entityRoute("counter", "e2"), "e2").startsWith("e2=1@"));
        String host = first.substring(first.indexOf('@') + 1);
        assertTrue(Set.of(a.memberAddress(), b.memberAddress(), c.memberAddress()).contains(host));
    }

    @Test
    void aSealedProtocolCrossesMembersAndTheWorkerKnowsItsEntityId() {
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Route entity = ClusterNode.entityRoute("tally", "t" + i);
            // each waits for its ack: messages from different members have no order between them
            assertEquals("added", a.node().request(entity, new Add(i), String.class, WAIT).toCompletableFuture().join());
            assertEquals("added", b.node().request(entity, new Add(1), String.class, WAIT).toCompletableFuture().join());
            String reply = c.node().request(entity, new Total(), String.class, WAIT).toCompletableFuture().join();
            assertTrue(reply.startsWith("t" + i + "=" + (i + 1) + "@"), reply);
            hosts.add(reply.substring(reply.indexOf('@') + 1));
        }
        assertTrue(hosts.size() >= 2, "10 entities all on one member, so no message crossed members: " + hosts);
    }

    @Test
    void awaitingWhatDoesNotHappenThrowsTimeout() {
        OckamException e = assertThrows(OckamException.class, () -> a.awaitMembers(4, Duration.ofMillis(200)));
        assertEquals(OckamException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("fewer than 4 members"), e.getMessage());
        e = assertThrows(OckamException.class, () -> a.awaitService("nobody-provides-this", 1, Duration.ofMillis(200)));
        assertEquals(OckamException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("nobody-provides-this"), e.getMessage());
    }

    @Test
    void shardedEntitiesAreSpreadOverMembers() {
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String reply = ask(a.node(), ClusterNode.entityRoute("counter", "spread-" + i), "x");
            hosts.add(reply.substring(reply.indexOf('@') + 1));
        }
        assertTrue(hosts.size() >= 2, "30 entities all on one member: " + hosts);
    }

    @Test
    void aTcpPeerReachesAClusterServiceAndAShardedWorkerThroughAGateway() {
        a.startServiceGateway("upper-gw", "upper");
        a.startShardGateway("counter-gw", "counter");
        TcpTransport tcp = TcpTransport.create(a.node());
        TcpListener listener = tcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("upper-gw", "counter-gw"));
        try (Node outsider = Node.start()) {
            TcpTransport outsiderTcp = TcpTransport.create(outsider);
            TcpConnection conn = outsiderTcp.connect(listener.hostPort());
            String viaService = ask(outsider, Route.of(conn.address(), Address.local("upper-gw")), "tcp");
            assertTrue(viaService.startsWith("TCP from "), viaService);
            String viaShard = ask(outsider, Route.of(conn.address(), Address.local("counter-gw"), Address.local("g1")), "g1");
            assertTrue(viaShard.startsWith("g1=1@"), viaShard);
            assertTrue(ask(outsider, Route.of(conn.address(), Address.local("counter-gw"), Address.local("g1")), "g1")
                    .startsWith("g1=2@"));
        }
    }
}
