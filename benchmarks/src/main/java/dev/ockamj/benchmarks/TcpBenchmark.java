package dev.ockamj.benchmarks;

import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * transport-tcp figures, each beside a raw java.nio baseline from the same run: two nodes in this JVM,
 * each with its own TcpTransport, talking over loopback.
 * <ul>
 * <li>request/reply, 1 and 100 in flight: a "ping" worker on node a sends to [connection, "pong"]; "pong" on node
 *     b replies on the return route. Baseline: a length-prefixed echo over a plain socket ({@link RawEcho#echo}).
 * <li>one-way: node a's app context sends N messages to a counting worker on b, timed until b counted all N.
 *     Baseline: length-prefixed frames written in 64 KiB batches and counted by a plain reader.
 * </ul>
 * The payload is a {@link NeutralMessage} of {@code payload} bytes (default 100), so it goes on the wire as it is,
 * with no BARE encoding; the raw frames carry a body of the same size.
 *
 * <p>Run: {@code benchmarks/run tcp}; {@code benchmarks/run tcp --scaling} runs {@link TcpScaling} instead. Shrink it with
 * {@code OCKAMJ_JAVA_OPTS="-DroundTrips=100000 -DoneWay=200000"}. Not a test: nothing here asserts a time.
 */
public final class TcpBenchmark {

    /** A run that makes no progress for this long is reported as stalled (a lost message or a hang). */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("stallSeconds", 20));
    /** The one-way sender waits while more than this many bytes wait to be written on its connection. */
    private static final long HIGH_WATER = 4L << 20;

    private static volatile String wireFrame = "?";

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--scaling")) {
            TcpScaling.run();
            return;
        }
        int roundTrips = Integer.getInteger("roundTrips", 1_000_000);
        int roundTrips1 = Integer.getInteger("roundTrips1", Math.max(1, roundTrips / 10));
        int oneWay = Integer.getInteger("oneWay", 2_000_000);
        int payload = Integer.getInteger("payload", 100);
        long started = System.nanoTime();
        System.out.printf("cores: %d, max heap: %d MiB, payload: NeutralMessage of %d bytes (raw: u32 length + %d bytes)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, payload, payload);
        System.out.printf("round trips per run: %,d with 1 in flight, %,d with 100 in flight; one-way messages per run: %,d%n",
                roundTrips1, roundTrips, oneWay);
        System.out.printf("each figure: the median of %d runs alternating with the raw baseline's, after %d full-size warm-up runs (raw: 1)%n", PAIRS, WARMUPS);
        System.out.println();
        System.out.println("== request/reply between two nodes over loopback TCP (ping on a, pong on b)");
        for (int inFlight : new int[] {1, 100}) {
            int n = inFlight == 1 ? roundTrips1 : roundTrips;
            measure("request/reply, " + inFlight + " in flight", "round trips/s", n,
                    k -> routedPingPong(inFlight, k, payload), k -> RawEcho.echo(inFlight, k, payload));
        }
        System.out.printf("  (ockamj's frame on the wire: %s; raw frame: %d bytes)%n", wireFrame, 4 + payload);
        System.out.println();
        System.out.println("== one-way, node a's app context to a counting worker on b");
        measure("one-way", "messages/s", oneWay, k -> routedOneWay(k, payload), k -> RawEcho.oneWay(k, payload));
        System.out.println();
        System.out.printf("total time: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** -Donly=rr1,rr100,oneway picks figures (default: all); -Draw=false skips the raw baselines (raw shown as 1). */
    private static final String ONLY = System.getProperty("only", "");
    private static final boolean RAW = Boolean.parseBoolean(System.getProperty("raw", "true"));
    /** -Dpairs=N: how many alternating runs of raw and ours each figure is the median of (at least 5 for the README). */
    private static final int PAIRS = Integer.getInteger("pairs", 5);
    /** -Dwarmups=N: full-size runs of ours before the measured ones. */
    private static final int WARMUPS = Integer.getInteger("warmups", 2);

    private static void measure(String what, String unit, int n, Figures.Run ours, Figures.Run raw) {
        String key = what.startsWith("one-way") ? "oneway" : what.contains(" 1 in") ? "rr1" : "rr100";
        if (!ONLY.isEmpty() && !Arrays.asList(ONLY.split(",")).contains(key)) {
            return;
        }
        if (!RAW) {
            raw = k -> 1;
        }
        try {
            // warm-up: full-size runs, so that the JIT has settled (benchmarks/run pre-touches the heap: without it
            // the kernel zeroing fresh pages was a quarter of the machine's time in the first runs)
            raw.run(n);
            for (int i = 0; i < WARMUPS; i++) {
                ours.run(n);
            }
            Figures.alternating(what, unit, PAIRS, n, ours, raw);
        } catch (Exception e) {
            System.out.printf("  %-38s FAILED: %s%n", what, e.getMessage());
        }
    }

    static long await(CompletableFuture<Long> done, LongSupplier progress, long total, String what, Supplier<String> state)
            throws Exception {
        return PingWorker.await(done, progress, total, what, STALL_NANOS, state);
    }

    // ---- ockamj: request/reply between workers on two nodes ----

    static double routedPingPong(int inFlight, int total, int payload) throws Exception {
        try (TcpNodes nodes = TcpNodes.start("pong")) {
            nodes.b.startWorker("pong", (Worker<Object>) (ctx, msg) -> ctx.send(msg.returnRoute(), msg.body()));
            Route pong = Route.of(nodes.connection.address(), Address.local("pong"));
            PingWorker ping = new PingWorker(pong, NeutralMessage.wrap(new byte[payload]), inFlight, total, payload);
            nodes.a.startWorker("ping", ping);
            nodes.a.send("ping", new PingWorker.Start());
            long nanos = await(ping.done, ping.progress::get, total, "request/reply, " + inFlight + " in flight", nodes::describe);
            ping.warnAboutBadReplies();
            long frames = nodes.connection.messagesOut();
            wireFrame = String.format("%.0f bytes per message for a %d-byte payload (u32 length + CBOR routes + payload)",
                    (nodes.connection.bytesOut() - 1) / (double) frames, payload); // - 1: the version byte
            return total / (nanos / 1e9);
        }
    }

    // ---- ockamj: one-way messages to a counting worker on the other node ----

    static double routedOneWay(int total, int payload) throws Exception {
        try (TcpNodes nodes = TcpNodes.start("sink")) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            AtomicLong counted = new AtomicLong();
            nodes.b.startWorker("sink", new Worker<Object>() {
                long count;

                @Override
                public void handleMessage(Context ctx, Routed<Object> msg) {
                    counted.lazySet(++count);
                    if (count == total) {
                        done.complete(System.nanoTime());
                    }
                }
            });
            Route sink = Route.of(nodes.connection.address(), Address.local("sink"));
            NeutralMessage m = NeutralMessage.wrap(new byte[payload]);
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                // back-pressure from the transport's own counter, so that no message is refused for a full buffer
                while (nodes.connection.queuedBytes() > HIGH_WATER) {
                    LockSupport.parkNanos(20_000);
                }
                nodes.a.send(sink, m);
            }
            long t1 = await(done, counted::get, total, "one-way", nodes::describe);
            return total / ((t1 - t0) / 1e9);
        }
    }
}
