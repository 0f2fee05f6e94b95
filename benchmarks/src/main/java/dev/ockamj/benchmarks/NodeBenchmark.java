package dev.ockamj.benchmarks;

import static dev.ockamj.benchmarks.Figures.report;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Context;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.LongAdder;

/**
 * node-core figures, each beside its raw-Akka baseline from the same run:
 * routed request/reply between two workers vs raw typed tell ping-pong (1 and 100 in flight), and
 * 1,000,000 idle workers vs 1,000,000 raw typed actors (start rate, heap bytes each).
 *
 * <p>Run: {@code benchmarks/run node} (see benchmarks/README.md). Not a test: nothing here asserts a time.
 */
public final class NodeBenchmark {

    private static final String SIZED = "akka.actor.default-dispatcher.fork-join-executor { parallelism-min = 2, parallelism-factor = 1.0 }";
    private static final String AKKA_DEFAULT = "akka.actor.default-dispatcher.fork-join-executor { parallelism-min = 8, parallelism-factor = 1.0 }";

    public static void main(String[] args) throws Exception {
        int roundTrips = Integer.getInteger("roundTrips", 400_000);
        int idle = Integer.getInteger("idle", 1_000_000);
        System.out.printf("cores: %d, max heap: %d MiB, round trips per run: %,d, idle actors: %,d%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, roundTrips, idle);
        for (String[] dispatcher : new String[][] {{"sized to cores (ockamj default)", SIZED}, {"Akka default (min 8 threads)", AKKA_DEFAULT}}) {
            Config config = ConfigFactory.parseString(dispatcher[1]);
            System.out.println();
            System.out.println("== request/reply, dispatcher " + dispatcher[0]);
            for (int inFlight : new int[] {1, 100}) {
                int n = inFlight == 1 ? roundTrips / 4 : roundTrips;
                rawPingPong(config, inFlight, n / 4); // warm-up
                routedPingPong(config, inFlight, n / 4);
                double raw = best(() -> rawPingPong(config, inFlight, n));
                double ours = best(() -> routedPingPong(config, inFlight, n));
                report("request/reply, " + inFlight + " in flight", ours, raw, "round trips/s");
            }
        }
        System.out.println();
        System.out.println("== " + String.format("%,d", idle) + " idle workers vs raw typed actors (ockamj default dispatcher)");
        Config config = ConfigFactory.parseString(SIZED);
        double[] raw = rawIdleActors(config, idle);
        double[] ours = idleWorkers(config, idle);
        report("start rate", ours[0], raw[0], "per s");
        System.out.printf("  %-38s ours %,12.0f  raw %,12.0f  ratio %.2f (lower is better)%n", "heap bytes each", ours[1], raw[1], ours[1] / raw[1]);
    }

    interface Run {
        double run() throws Exception;
    }

    private static double best(Run r) throws Exception {
        double best = 0;
        for (int i = 0; i < 3; i++) {
            best = Math.max(best, r.run());
        }
        return best;
    }

    // ---- raw Akka: two typed actors, tell ping-pong ----

    record Ping(ActorRef<Ping> replyTo) {
    }

    static double rawPingPong(Config config, int inFlight, int total) throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "raw", config.withFallback(ConfigFactory.load()));
        try {
            CompletableFuture<Long> done = new CompletableFuture<>();
            Behavior<Ping> pongB = Behaviors.receive(Ping.class).onMessage(Ping.class, p -> {
                p.replyTo().tell(p);
                return Behaviors.same();
            }).build();
            CountDownLatch ready = new CountDownLatch(1);
            Object[] refs = new Object[1];
            system.systemActorOf(Behaviors.<Void>setup(ctx -> {
                ActorRef<Ping> pong = ctx.spawn(pongB, "pong");
                ActorRef<Ping> ping = ctx.spawn(Behaviors.setup(pctx -> {
                    long[] state = {0, 0}; // received, started at
                    return Behaviors.receive(Ping.class).onMessage(Ping.class, p -> {
                        if (p.replyTo() == null) { // start
                            state[1] = System.nanoTime();
                            Ping msg = new Ping(pctx.getSelf());
                            for (int i = 0; i < inFlight; i++) {
                                pong.tell(new Ping(pctx.getSelf()));
                            }
                            return Behaviors.same();
                        }
                        if (++state[0] == total) {
                            done.complete(System.nanoTime() - state[1]);
                        } else if (state[0] <= total - inFlight) {
                            pong.tell(new Ping(pctx.getSelf()));
                        }
                        return Behaviors.same();
                    }).build();
                }), "ping");
                refs[0] = ping;
                ready.countDown();
                return Behaviors.empty();
            }), "bench", akka.actor.typed.Props.empty());
            ready.await();
            @SuppressWarnings("unchecked")
            ActorRef<Ping> ping = (ActorRef<Ping>) refs[0];
            ping.tell(new Ping(null));
            long nanos = done.get(5, TimeUnit.MINUTES);
            return total / (nanos / 1e9);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
    }

    // ---- ockamj: two workers, routed request/reply ----

    /** How the node is built beyond its name and config (ObservabilityBenchmark: metrics or traces on). */
    static volatile UnaryOperator<Node.Builder> observe = UnaryOperator.identity();

    static double routedPingPong(Config config, int inFlight, int total) throws Exception {
        try (Node node = observe.apply(Node.builder().name("routed").config(config)).start()) {
            node.startWorker("pong", (Worker<Object>) (ctx, msg) -> ctx.send(msg.returnRoute(), msg.body()));
            PingWorker ping = new PingWorker(Route.of("pong"), "ping", inFlight, total, -1);
            node.startWorker("ping", ping);
            node.send("ping", new PingWorker.Start());
            long nanos = ping.done.get(5, TimeUnit.MINUTES);
            return total / (nanos / 1e9);
        }
    }

    // ---- idle actors: start rate and heap per actor ----

    record Spawn() {
    }

    static long usedHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Raw baseline: a parent actor told {@code n} Spawn messages spawns one idle typed actor for each. */
    static double[] rawIdleActors(Config config, int n) throws Exception {
        ActorSystem<Spawn> system = ActorSystem.create(Behaviors.setup(ctx -> {
            return Behaviors.receive(Spawn.class).onMessage(Spawn.class, s -> {
                ctx.spawnAnonymous(Behaviors.setup(c -> {
                    STARTED.increment();
                    return Behaviors.receive(Object.class).onAnyMessage(m -> Behaviors.same()).build();
                }));
                return Behaviors.same();
            }).build();
        }), "raw-idle", config.withFallback(ConfigFactory.load()));
        try {
            STARTED.reset();
            long before = usedHeap();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                system.tell(new Spawn());
            }
            return whenAllStarted(n, t0, before);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(5, TimeUnit.MINUTES);
        }
    }

    static final LongAdder STARTED = new LongAdder();

    /** Waits until {@code n} have started; returns their start rate since {@code t0} and the heap each added. */
    static double[] whenAllStarted(int n, long t0, long heapBefore) throws InterruptedException {
        while (STARTED.sum() < n) {
            Thread.sleep(1);
        }
        double rate = n / ((System.nanoTime() - t0) / 1e9);
        return new double[] {rate, (usedHeap() - heapBefore) / (double) n};
    }

    static final class IdleWorker implements Worker<Object> {
        @Override
        public void initialize(Context ctx) {
            STARTED.increment();
        }

        @Override
        public void handleMessage(Context ctx, Routed<Object> msg) {
        }
    }

    static double[] idleWorkers(Config config, int n) throws Exception {
        Node node = Node.builder().name("idle").config(config.withFallback(
                ConfigFactory.parseString("ockamj.node.shutdown-timeout = 120s"))).start();
        try {
            STARTED.reset();
            String[] names = new String[n]; // address strings exist before and after: not counted as the worker's
            for (int i = 0; i < n; i++) {
                names[i] = "w" + i;
            }
            long before = usedHeap();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                node.startWorker(names[i], new IdleWorker());
            }
            return whenAllStarted(n, t0, before);
        } finally {
            node.stop();
        }
    }
}
