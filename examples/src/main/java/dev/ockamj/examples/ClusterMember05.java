package dev.ockamj.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.cluster.ClusterNode;
import dev.ockamj.cluster.MemberInfo;
import dev.ockamj.node.Context;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * 05-cluster-member: one member of the cluster of {@code 05-cluster-demo}; runs until killed.
 *
 * <pre>examples/run 05-cluster-member NAME ARTERY_HOST:PORT JOIN_HOST:PORT|self [EXPECTED_MEMBERS]</pre>
 *
 * <p>It joins the cluster of the member at JOIN (or forms one with {@code self}), hosts its share of the
 * sharded type {@code counter} (each entity counts its messages and replies {@code <body> count=<n> on <member>}),
 * provides the cluster service {@code upper} (replies {@code <BODY> from <member>}), and lets TCP peers reach
 * both through two gateways on a TCP listener: {@code upper-gw} (to the service) and {@code counter-gw} (to the
 * entity named by the next hop); the listener also lets them reach {@code probe} (see {@link Probe}). Output lines, for people and for the demo that parses them:
 * <ul>
 * <li>{@code MEMBER STARTED <name> artery=<host:port>} as soon as the member listens for other members;
 * <li>{@code MEMBER READY <name> artery=<host:port> tcp=<host:port>} once EXPECTED_MEMBERS (default 1) members
 * are up and it knows that many providers of {@code upper};
 * <li>{@code MEMBER <name> members: ...} whenever its view of the membership changes;
 * <li>{@code MEMBER <name> created entity <id>} when a counter entity starts here.
 * </ul>
 */
public final class ClusterMember05 {
    /**
     * Demo cluster timings, lower than ockamj's defaults so that a killed member is gone in about 10 s:
     * <ul>
     * <li>failure detection: heartbeats every 1 s (Akka's default); a member is marked unreachable once no heartbeat
     * came for acceptable-heartbeat-pause = 2 s (Akka's default: 3 s) plus the phi accrual detector's margin;
     * <li>the split brain resolver (keep-majority: two of three survive) downs the unreachable member once the
     * membership has been stable for stable-after = 3 s (ockamj's default: 7 s); the leader then removes it at its
     * next tick (leader-actions-interval, 1 s);
     * <li>sharding re-creates the downed member's shards on the survivors after the down-removal margin, which with
     * the split brain resolver is stable-after again (3 s), plus at most one retry-interval (2 s) of the regions.
     * </ul>
     * Measured on a 2-core machine: unreachable 3–4 s after the kill, removed 7–8 s after it, its entities answering
     * again from a survivor 11–13 s after it.
     */
    static final Config DEMO_TIMINGS = ConfigFactory.parseString(String.join("\n",
            "akka.cluster.failure-detector.heartbeat-interval = 1s",
            "akka.cluster.failure-detector.acceptable-heartbeat-pause = 2s",
            "akka.cluster.split-brain-resolver.stable-after = 3s",
            "ockamj.node.shutdown-timeout = 5s"));

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    /** The cluster service: the text uppercased, and the member that handled it. */
    static final class Upper implements Worker<String> {
        private final String member;

        Upper(String member) {
            this.member = member;
        }

        @Override
        public void handleMessage(Context ctx, Routed<String> msg) {
            ctx.send(msg.returnRoute(), msg.body().toUpperCase() + " from " + member);
        }
    }

    /** A sharded worker: counts the messages of its entity (its state lives as long as the entity does). */
    static final class Counter implements Worker<String> {
        private final String name;
        private final String member;
        private int count;

        Counter(String name, String member) {
            this.name = name;
            this.member = member;
        }

        @Override
        public void handleMessage(Context ctx, Routed<String> msg) {
            if (count++ == 0) {
                System.out.println("MEMBER " + name + " created entity " + msg.body());
            }
            ctx.send(msg.returnRoute(), msg.body() + " count=" + count + " on " + member);
        }
    }

    /**
     * Asks the cluster from inside, on behalf of a TCP peer: {@code upper TEXT} goes to the cluster service,
     * {@code counter ID} to the sharded entity. Replies {@code OK <reply>}, or {@code ERROR <kind>: <message>} when
     * the request fails on this member — what a TCP peer never learns through a gateway (Ockam routing has no
     * error replies: its request just times out), so the fault test uses this to see the cluster's own errors.
     */
    static final class Probe implements Worker<String> {
        private static final Duration TIMEOUT = Duration.ofSeconds(5);

        @Override
        public void handleMessage(Context ctx, Routed<String> msg) {
            String[] parts = msg.body().split(" ", 2);
            String arg = parts.length > 1 ? parts[1] : "";
            Route back = msg.returnRoute();
            Node node = ctx.node();
            try {
                Route route = parts[0].equals("upper") ? ClusterNode.serviceRoute("upper") : ClusterNode.entityRoute("counter", arg);
                // never block in a worker: the answer goes back when the request completes
                ctx.request(route, arg, String.class, TIMEOUT).whenComplete((reply, error) ->
                        node.send(back, error == null ? "OK " + reply : describe(error)));
            } catch (OckamException e) {
                ctx.send(back, describe(e)); // e.g. an invalid entity id
            }
        }

        private static String describe(Throwable error) {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return "ERROR " + (e instanceof OckamException o ? o.kind() : e.getClass().getSimpleName()) + ": " + e.getMessage();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: examples/run 05-cluster-member NAME ARTERY_HOST:PORT JOIN_HOST:PORT|self [EXPECTED_MEMBERS]");
            System.exit(2);
        }
        String name = args[0];
        if (Boolean.getBoolean(ClusterMemberProcess.EXIT_WITH_PARENT)) {
            // started by the demo or a test: do not outlive it, even if it was killed
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
                System.out.println("MEMBER " + name + " stops: the process that started it is gone");
                System.exit(0);
            }));
        }
        String[] artery = args[1].split(":");
        int expected = args.length > 3 ? Integer.parseInt(args[3]) : 1;

        ClusterNode member = ClusterNode.builder().name(name).artery(artery[0], Integer.parseInt(artery[1]))
                .config(DEMO_TIMINGS).start();
        String self = member.memberAddress();
        System.out.println("MEMBER STARTED " + name + " artery=" + self);
        member.join(args[2].equals("self") ? self : args[2]);

        member.registerSharded("counter", entityId -> new Counter(name, self));
        member.node().startWorker("upper", new Upper(self));
        member.publishService("upper", "upper");

        // TCP peers (the demo's client) may reach the two gateways and the probe, and nothing else on this member
        member.startServiceGateway("upper-gw", "upper");
        member.startShardGateway("counter-gw", "counter");
        member.node().startWorker("probe", new Probe());
        TcpListener listener = TcpTransport.create(member.node())
                .listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("upper-gw", "counter-gw", "probe"));

        try {
            member.awaitMembers(expected, READY_WITHIN);
            member.awaitService("upper", expected, READY_WITHIN);
        } catch (OckamException e) {
            System.out.println("MEMBER FAILED " + name + ": not " + expected + " members up with service 'upper' within "
                    + READY_WITHIN.toSeconds() + " s (" + e.getMessage() + "); members: " + describe(member.members()));
            member.close();
            System.exit(1);
        }
        System.out.println("MEMBER READY " + name + " artery=" + self + " tcp=" + listener.hostPort());

        Thread watcher = new Thread(() -> watchMembership(name, member), "membership-watcher");
        watcher.setDaemon(true);
        watcher.start();
        member.node().awaitStopped(Duration.ofDays(365 * 100L));
    }

    /** Prints the membership as this member sees it whenever it changes (a poll: this is only for people to read). */
    private static void watchMembership(String name, ClusterNode member) {
        String last = "";
        while (!Thread.currentThread().isInterrupted()) {
            String now = describe(member.members());
            if (!now.equals(last)) {
                System.out.println("MEMBER " + name + " members: " + now);
                last = now;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static String describe(List<MemberInfo> members) {
        return members.stream().map(m -> m.address() + " " + m.status() + (m.reachable() ? "" : " UNREACHABLE"))
                .sorted().collect(Collectors.joining(", "));
    }
}
