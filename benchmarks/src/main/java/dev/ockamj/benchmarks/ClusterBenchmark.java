package dev.ockamj.benchmarks;

import static dev.ockamj.benchmarks.Figures.best;
import static dev.ockamj.benchmarks.Figures.report;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.cluster.ClusterNode;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * ockamj-cluster figures, each beside its raw-Akka baseline from the same run. All members are
 * {@link ClusterNode}s in this JVM, Artery TCP on 127.0.0.1 with free ports, joined into one cluster; the raw
 * baselines run on the very same ActorSystems (same configuration, same Artery connections, same dispatchers).
 * <ul>
 * <li>request/reply between members, 1 and 100 in flight: a "ping" worker on member a sends to
 *     {@code [100#b, pong]}; "pong" on b replies on the return route. The body is a {@link NeutralMessage} of
 *     {@code payload} bytes (default 100), which travels in ockamj's {@code ClusterEnvelope} (jackson-cbor).
 *     Baseline: a raw typed actor on a tells a raw typed actor on b (resolved as a remote ActorRef) a record
 *     {@code RawPing(ActorRef replyTo, byte[] payload)}, also serialized with jackson-cbor (a marker interface
 *     bound in the configuration, as ockamj's envelope is); pong replies with {@code RawPing(self, payload)}.
 * <li>sharded workers: {@code entities} (default 10,000) entities of one registered sharded type spread over
 *     the members; the app context of member a sends {@code NeutralMessage}s round-robin over them, each entity
 *     worker counting into a shared LongAdder; timed until all are counted. A creation pass (one message to
 *     each of {@code entities} new entities: each is created by its first message) and a steady pass
 *     ({@code messages} messages to those same, existing entities) are reported separately. Baseline: raw Akka
 *     Cluster Sharding typed, {@code entityRefFor(key, id).tell(RawCount(payload))} (jackson-cbor) to entities
 *     whose behavior counts. The sender keeps at most {@code window} messages uncounted (default 2,000), so
 *     that Artery's outbound queue (3,072) never drops any, for ours and raw alike.
 * </ul>
 * The shards of each type are allocated once, by the warm-up's creation pass (reported on its own line, one
 * run); measured creation passes use fresh entity ids, so they time entity creation alone. Passivation is off,
 * so that no entity created by an earlier run stops during a later one.
 *
 * <p>Both sides' messages go through the same Jackson serializer, so its settings apply to both: the effective
 * compression setting is printed (ockamj-cluster.conf: gzip only above 32 KiB, so these small messages are not
 * compressed).
 *
 * <p>Run: {@code benchmarks/run cluster}. Shrink it with
 * {@code OCKAMJ_JAVA_OPTS="-DroundTrips=20000 -Dmessages=50000"}; {@code -Dmembers=3} for a three-member
 * cluster. Not a test: nothing here asserts a time.
 */
public final class ClusterBenchmark {

    /** Marker of the raw baseline's messages: bound to jackson-cbor, like ockamj's {@code ClusterMessage}. */
    public interface Wire {
    }

    /** Raw request/reply message: who to reply to and the payload. */
    public record RawPing(ActorRef<RawPing> replyTo, byte[] payload) implements Wire {
    }

    /** Raw message to a sharded entity. */
    public record RawCount(byte[] payload) implements Wire {
    }

    record Stop() {
    }

    /** A run that makes no progress for this long is reported as stalled (a lost message or a hang). */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("stallSeconds", 20));
    private static final String OURS_TYPE = "bench";
    private static final EntityTypeKey<RawCount> RAW_KEY = EntityTypeKey.create(RawCount.class, "raw-bench");
    private static final AtomicInteger RUN = new AtomicInteger();

    /** Messages counted by the sharded entities (ours and raw alike: the passes run one at a time). */
    static final LongAdder COUNTED = new LongAdder();
    static LongAdder[] perMember;

    public static void main(String[] args) throws Exception {
        int roundTrips = Integer.getInteger("roundTrips", 100_000);
        int roundTrips1 = Integer.getInteger("roundTrips1", Math.max(1, roundTrips / 5));
        int entities = Integer.getInteger("entities", 10_000);
        int messages = Integer.getInteger("messages", 200_000);
        int memberCount = Math.max(2, Integer.getInteger("members", 2));
        int payload = Integer.getInteger("payload", 100);
        int window = Integer.getInteger("window", 2_000);
        long started = System.nanoTime();

        List<ClusterNode> members = startCluster(memberCount);
        ClusterNode a = members.get(0);
        ClusterNode b = members.get(1);
        perMember = new LongAdder[memberCount];
        for (int i = 0; i < memberCount; i++) {
            perMember[i] = new LongAdder();
        }
        Config akka = a.node().actorSystem().settings().config();
        System.out.printf("cores: %d, max heap: %d MiB, members: %d (one JVM, Artery TCP on 127.0.0.1; formed in %.1f s)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, memberCount,
                (System.nanoTime() - started) / 1e9);
        System.out.printf("payload: NeutralMessage of %d bytes in ockamj's ClusterEnvelope; raw: a record with a byte[%d]; both jackson-cbor%n",
                payload, payload);
        // as Akka reads a binding's settings: its own section, then the common one
        Config cbor = akka.getConfig("akka.serialization.jackson.jackson-cbor").withFallback(akka.getConfig("akka.serialization.jackson"));
        String algorithm = cbor.getString("compression.algorithm");
        long largerThan = cbor.getBytes("compression.compress-larger-than");
        System.out.printf("jackson-cbor compression: %s%n", algorithm.equals("off") ? "off"
                : algorithm + " for payloads larger than " + largerThan + " bytes" + (largerThan < 1024
                        ? " (every message: ours and raw alike; -Dakka.serialization.jackson.compression.compress-larger-than=32KiB to avoid)"
                        : ""));
        System.out.printf("round trips per run: %,d with 1 in flight, %,d with 100 in flight%n", roundTrips1, roundTrips);
        System.out.printf("sharded: %,d entities, %,d shards, creation pass %,d messages, steady pass %,d messages, window %,d%n",
                entities, akka.getInt("akka.cluster.sharding.number-of-shards"), entities, messages, window);
        System.out.printf("dispatcher parallelism per member: %d-%d x %.1f; each figure: the best of 3 runs after a warm-up run%n",
                akka.getInt("akka.actor.default-dispatcher.fork-join-executor.parallelism-min"),
                akka.getInt("akka.actor.default-dispatcher.fork-join-executor.parallelism-max"),
                akka.getDouble("akka.actor.default-dispatcher.fork-join-executor.parallelism-factor"));

        try {
            System.out.println();
            System.out.println("== request/reply between members (ping on a, pong on b)");
            b.node().startWorker("pong", (Worker<Object>) (ctx, msg) -> ctx.send(msg.returnRoute(), msg.body()));
            ActorRef<RawPing> rawPong = rawPong(a, b);
            for (int inFlight : new int[] {1, 100}) {
                int n = inFlight == 1 ? roundTrips1 : roundTrips;
                measure("request/reply, " + inFlight + " in flight", "round trips/s", n,
                        k -> rawPingPong(a, rawPong, inFlight, k, payload), k -> oursPingPong(a, b, inFlight, k, payload));
            }

            System.out.println();
            System.out.printf("== sharded workers: %,d entities over %d members, sent from member a's app context%n",
                    entities, memberCount);
            shardedSection(members, entities, messages, payload, window);
        } finally {
            System.out.println();
            System.out.printf("total time: %.0f s (stopping the members now: Akka's warnings while they leave are expected)%n",
                    (System.nanoTime() - started) / 1e9);
            for (int i = members.size() - 1; i >= 0; i--) {
                members.get(i).close();
            }
        }
    }

    static List<ClusterNode> startCluster(int count) {
        Config config = ConfigFactory.parseString(String.join("\n",
                "ockamj.node.shutdown-timeout = 5s",
                "akka.actor.serialization-bindings { \"" + Wire.class.getName() + "\" = jackson-cbor }",
                // no passivation: entities of earlier runs must not stop during later ones
                "akka.cluster.sharding.passivation.strategy = none"));
        List<ClusterNode> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(ClusterNode.builder().name(String.valueOf((char) ('a' + i))).artery("127.0.0.1", 0).config(config).start());
        }
        String seed = members.get(0).memberAddress();
        members.forEach(m -> m.join(seed));
        for (ClusterNode m : members) {
            m.awaitMembers(count, Duration.ofSeconds(60));
        }
        return members;
    }

    private static void measure(String what, String unit, int n, Figures.Run raw, Figures.Run ours) {
        double r = 0;
        double o = 0;
        try {
            raw.run(Math.max(1, n / 4)); // warm-up
            r = best(raw, n);
        } catch (Exception e) {
            System.out.printf("  %-38s raw FAILED: %s%n", what, e.getMessage());
        }
        try {
            ours.run(Math.max(1, n / 4)); // warm-up
            o = best(ours, n);
        } catch (Exception e) {
            System.out.printf("  %-38s ours FAILED: %s%n", what, e.getMessage());
        }
        report(what, o, r, unit);
    }

    static long await(CompletableFuture<Long> done, LongSupplier progress, long total, String what) throws Exception {
        return PingWorker.await(done, progress, total, what, STALL_NANOS, () -> "");
    }

    // ---- ockamj: request/reply between workers on two members ----

    static double oursPingPong(ClusterNode a, ClusterNode b, int inFlight, int total, int payload) throws Exception {
        String name = "ping-" + RUN.incrementAndGet();
        Route pong = Route.of(b.memberHop(), Address.local("pong"));
        PingWorker ping = new PingWorker(pong, NeutralMessage.wrap(new byte[payload]), inFlight, total, payload);
        a.node().startWorker(name, ping);
        try {
            a.node().send(name, new PingWorker.Start());
            long nanos = await(ping.done, ping.progress::get, total, "ours, " + inFlight + " in flight");
            ping.warnAboutBadReplies();
            return total / (nanos / 1e9);
        } finally {
            a.node().stopWorker(name);
        }
    }

    // ---- raw Akka: typed actors on the same two ActorSystems, remote tell ping-pong ----

    /** Spawns the raw pong on b and returns it as a's ActorRefResolver sees it: a remote ref to b. */
    static ActorRef<RawPing> rawPong(ClusterNode a, ClusterNode b) {
        ActorSystem<?> sb = b.node().actorSystem();
        ActorRef<RawPing> pong = sb.systemActorOf(Behaviors.setup(ctx -> Behaviors.receive(RawPing.class)
                .onMessage(RawPing.class, p -> {
                    p.replyTo().tell(new RawPing(ctx.getSelf(), p.payload()));
                    return Behaviors.same();
                }).build()), "raw-pong", Props.empty());
        String path = ActorRefResolver.get(sb).toSerializationFormat(pong);
        ActorRef<RawPing> remote = ActorRefResolver.get(a.node().actorSystem()).resolveActorRef(path);
        if (!remote.path().address().hasGlobalScope()
                || remote.path().address().equals(akka.cluster.typed.Cluster.get(a.node().actorSystem()).selfMember().address())) {
            throw new IllegalStateException("the raw pong is not remote from a: " + remote);
        }
        return remote;
    }

    static double rawPingPong(ClusterNode a, ActorRef<RawPing> pong, int inFlight, int total, int payload) throws Exception {
        byte[] body = new byte[payload];
        CompletableFuture<Long> done = new CompletableFuture<>();
        AtomicLong progress = new AtomicLong();
        long[] badReplies = {0};
        Behavior<Object> behavior = Behaviors.setup(ctx -> {
            ActorRef<RawPing> self = ctx.getSelf().narrow();
            long[] state = {0, 0}; // received, started at
            return Behaviors.receive(Object.class)
                    .onMessage(PingWorker.Start.class, s -> {
                        state[1] = System.nanoTime();
                        for (int i = 0; i < inFlight; i++) {
                            pong.tell(new RawPing(self, body));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(RawPing.class, p -> {
                        if (p.payload() == null || p.payload().length != payload) {
                            badReplies[0]++;
                        }
                        progress.lazySet(++state[0]);
                        if (state[0] == total) {
                            done.complete(System.nanoTime() - state[1]);
                        } else if (state[0] <= total - inFlight) {
                            pong.tell(new RawPing(self, body));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Stop.class, s -> Behaviors.stopped())
                    .build();
        });
        ActorRef<Object> ping = a.node().actorSystem().systemActorOf(behavior, "raw-ping-" + RUN.incrementAndGet(), Props.empty());
        try {
            ping.tell(new PingWorker.Start());
            long nanos = await(done, progress::get, total, "raw, " + inFlight + " in flight");
            if (badReplies[0] != 0) {
                System.out.printf("  warning: %,d raw replies did not carry %d bytes%n", badReplies[0], payload);
            }
            return total / (nanos / 1e9);
        } finally {
            ping.tell(new Stop());
        }
    }

    // ---- sharded workers ----

    /** ockamj's sharded worker: counts. */
    static final class Counter implements Worker<Object> {
        private final LongAdder member;

        Counter(LongAdder member) {
            this.member = member;
        }

        @Override
        public void handleMessage(Context ctx, Routed<Object> msg) {
            member.increment();
            COUNTED.increment();
        }
    }

    static Behavior<RawCount> rawCounter(LongAdder member) {
        return Behaviors.receive(RawCount.class).onMessage(RawCount.class, m -> {
            member.increment();
            COUNTED.increment();
            return Behaviors.same();
        }).build();
    }

    /** Sends message {@code i} of a pass (to entity {@code i % entities}). */
    interface Side {
        IntConsumer pass(String[] ids);
    }

    static void shardedSection(List<ClusterNode> members, int entities, int messages, int payload, int window) throws Exception {
        ClusterNode a = members.get(0);
        byte[] body = new byte[payload];
        NeutralMessage neutral = NeutralMessage.wrap(body);
        ClusterSharding sharding = ClusterSharding.get(a.node().actorSystem());
        for (int i = 0; i < members.size(); i++) {
            LongAdder member = perMember[i];
            members.get(i).registerSharded(OURS_TYPE, entityId -> new Counter(member));
            ClusterSharding.get(members.get(i).node().actorSystem())
                    .init(Entity.of(RAW_KEY, ctx -> rawCounter(member)));
        }
        Side raw = ids -> i -> sharding.entityRefFor(RAW_KEY, ids[i % ids.length]).tell(new RawCount(body));
        Side ours = ids -> {
            Route[] routes = new Route[ids.length];
            for (int j = 0; j < ids.length; j++) {
                routes[j] = ClusterNode.entityRoute(OURS_TYPE, ids[j]);
            }
            return i -> a.node().send(routes[i % routes.length], neutral);
        };
        // every member's region registered with the type's coordinator before shards are allocated
        prime("raw", raw);
        prime("ours", ours);

        double[] rawBest = {0, 0};
        double[] oursBest = {0, 0};
        long[][] spread = new long[2][];
        String[] names = {"raw", "ours"};
        Side[] sides = {raw, ours};
        double[][] bests = {rawBest, oursBest};
        double[] firstPass = {0, 0};
        for (int s = 0; s < 2; s++) {
            try {
                for (int run = 0; run < 4; run++) { // run 0: warm-up, which also allocates the shards
                    String[] ids = new String[entities];
                    for (int j = 0; j < entities; j++) {
                        ids[j] = "r" + run + "-e" + j;
                    }
                    IntConsumer send = sides[s].pass(ids);
                    double created = pass(names[s] + " creation pass", send, entities, window);
                    long[] counts = Arrays.stream(perMember).mapToLong(LongAdder::sum).toArray();
                    double steady = pass(names[s] + " steady pass", send, run == 0 ? Math.max(1, messages / 4) : messages, window);
                    if (run == 0) {
                        firstPass[s] = created;
                    } else {
                        bests[s][0] = Math.max(bests[s][0], created);
                        bests[s][1] = Math.max(bests[s][1], steady);
                        spread[s] = counts;
                    }
                }
            } catch (Exception e) {
                System.out.printf("  %s FAILED: %s%n", names[s], e.getMessage());
            }
        }
        System.out.printf("  %-38s ours %,12.0f  raw %,12.0f %s  ratio %.2f%n", "first pass, allocating shards (1 run)",
                firstPass[1], firstPass[0], "messages/s", firstPass[1] / firstPass[0]);
        report("creation pass (new entities)", oursBest[0], rawBest[0], "messages/s");
        report("steady pass (existing entities)", oursBest[1], rawBest[1], "messages/s");
        System.out.printf("  (entities per member in the last creation pass: ours %s, raw %s)%n",
                Arrays.toString(spread[1]), Arrays.toString(spread[0]));
    }

    /** Sends to entities "prime-k" until every member has counted one: every region has registered. */
    static void prime(String what, Side side) throws Exception {
        String[] ids = new String[1000];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = "prime-" + j;
        }
        IntConsumer send = side.pass(ids);
        Arrays.stream(perMember).forEach(LongAdder::reset);
        COUNTED.reset();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int sent = 0;
        while (Arrays.stream(perMember).anyMatch(c -> c.sum() == 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": sharded entities did not reach every member within 60 s: "
                        + Arrays.toString(Arrays.stream(perMember).mapToLong(LongAdder::sum).toArray()));
            }
            if (sent < ids.length) {
                send.accept(sent++);
            }
            Thread.sleep(20);
        }
        // let what is still on its way arrive
        long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (COUNTED.sum() < sent && System.nanoTime() < deadline2) {
            Thread.sleep(20);
        }
    }

    /**
     * One pass: sends {@code n} messages through {@code send}, at most {@code window} uncounted; returns messages
     * per second until all are counted.
     */
    static double pass(String what, IntConsumer send, int n, int window) {
        COUNTED.reset();
        Arrays.stream(perMember).forEach(LongAdder::reset);
        long lastProgress = System.nanoTime();
        long lastCount = 0;
        long counted = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            while (i - counted >= window) {
                counted = COUNTED.sum();
                if (i - counted >= window) {
                    LockSupport.parkNanos(10_000);
                    long now = System.nanoTime();
                    if (counted != lastCount) {
                        lastCount = counted;
                        lastProgress = now;
                    } else if (now - lastProgress > STALL_NANOS) {
                        throw stalled(what, counted, n, i);
                    }
                }
            }
            send.accept(i);
        }
        while ((counted = COUNTED.sum()) < n) {
            LockSupport.parkNanos(20_000);
            long now = System.nanoTime();
            if (counted != lastCount) {
                lastCount = counted;
                lastProgress = now;
            } else if (now - lastProgress > STALL_NANOS) {
                throw stalled(what, counted, n, n);
            }
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        if (counted > n) {
            System.out.printf("  warning: %s counted %,d messages for %,d sent%n", what, counted, n);
        }
        return rate;
    }

    private static IllegalStateException stalled(String what, long counted, int n, int sent) {
        return new IllegalStateException(String.format("%s stalled: %,d of %,d counted, %,d sent (no progress for %d s)",
                what, counted, n, sent, TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS)));
    }
}
