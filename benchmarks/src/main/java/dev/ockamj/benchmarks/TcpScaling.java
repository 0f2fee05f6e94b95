package dev.ockamj.benchmarks;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code benchmarks/run tcp --scaling}: round trips/s and p50/p99 round-trip latency for 1, 10, 100 and 1,000
 * connections with 1, 10 and 100 messages in flight on each, ockamj beside {@link RawScaling} (raw NIO, one
 * selector thread per side) in the same run. Node a holds the connections, one ping worker per connection; node b
 * has one "pong" worker that answers all of them, as the raw echo thread does. Each cell: a warm-up, then a
 * measured window; raw and ockamj alternate which goes first. Writes {@code tcp-scaling.csv} and
 * {@code tcp-scaling.png} into {@code benchmarks/results/}.
 *
 * <p>Shrink it with {@code -Dconnections=1,10 -DinFlight=1,10 -DmeasureMillis=1000}; redraw the chart of an
 * earlier run with {@code -DchartFrom=benchmarks/results/tcp-scaling.csv}. Not a test.
 */
final class TcpScaling {

    record Result(double roundTripsPerSecond, long p50Nanos, long p99Nanos) {
    }

    /** One cell of the table. */
    record Row(int connections, int inFlight, Result ockamj, Result raw) {
    }

    private static final int PAYLOAD = Integer.getInteger("payload", 100);
    private static final long WARMUP_MILLIS = Long.getLong("warmupMillis", 500);
    private static final long MEASURE_MILLIS = Long.getLong("measureMillis", 2000);

    private TcpScaling() {
    }

    static void run() throws Exception {
        int[] connections = ints(System.getProperty("connections", "1,10,100,1000"));
        int[] inFlights = ints(System.getProperty("inFlight", "1,10,100"));
        Path results = Path.of(System.getProperty("benchmarks.results", "benchmarks/results"));
        String chartFrom = System.getProperty("chartFrom"); // -DchartFrom=CSV: only draw the PNG of an earlier run
        if (chartFrom != null) {
            ScalingChart.write(results.resolve("tcp-scaling.png"), readCsv(Path.of(chartFrom)));
            return;
        }
        System.out.printf("cores: %d, payload: NeutralMessage of %d bytes; each cell: %d ms warm-up, %d ms measured%n",
                Runtime.getRuntime().availableProcessors(), PAYLOAD, WARMUP_MILLIS, MEASURE_MILLIS);
        System.out.printf("%12s %9s | %14s %9s %9s | %14s %9s %9s | %6s%n", "connections", "in flight",
                "ockamj rt/s", "p50 µs", "p99 µs", "raw rt/s", "p50 µs", "p99 µs", "ratio");
        List<Row> rows = new ArrayList<>();
        boolean rawFirst = true;
        for (int c : connections) {
            try (Nodes nodes = new Nodes(c)) {
                for (int f : inFlights) {
                    Result raw;
                    Result ours;
                    if (rawFirst) {
                        raw = RawScaling.run(c, f, PAYLOAD, WARMUP_MILLIS, MEASURE_MILLIS);
                        ours = nodes.run(f);
                    } else {
                        ours = nodes.run(f);
                        raw = RawScaling.run(c, f, PAYLOAD, WARMUP_MILLIS, MEASURE_MILLIS);
                    }
                    rawFirst = !rawFirst;
                    Row row = new Row(c, f, ours, raw);
                    rows.add(row);
                    System.out.printf("%12d %9d | %,14.0f %9.0f %9.0f | %,14.0f %9.0f %9.0f | %6.2f%n", c, f,
                            ours.roundTripsPerSecond(), ours.p50Nanos() / 1e3, ours.p99Nanos() / 1e3,
                            raw.roundTripsPerSecond(), raw.p50Nanos() / 1e3, raw.p99Nanos() / 1e3,
                            ours.roundTripsPerSecond() / raw.roundTripsPerSecond());
                }
            }
        }
        Files.createDirectories(results);
        Path csv = results.resolve("tcp-scaling.csv");
        writeCsv(csv, rows);
        Path png = results.resolve("tcp-scaling.png");
        ScalingChart.write(png, rows);
        System.out.println("wrote " + csv + " and " + png);
    }

    private static void writeCsv(Path csv, List<Row> rows) throws IOException {
        StringBuilder s = new StringBuilder(
                "connections,in_flight,ockamj_round_trips_per_s,ockamj_p50_us,ockamj_p99_us,"
                        + "raw_round_trips_per_s,raw_p50_us,raw_p99_us,ratio\n");
        for (Row r : rows) {
            s.append(String.format("%d,%d,%.0f,%.1f,%.1f,%.0f,%.1f,%.1f,%.3f%n", r.connections(), r.inFlight(),
                    r.ockamj().roundTripsPerSecond(), r.ockamj().p50Nanos() / 1e3, r.ockamj().p99Nanos() / 1e3,
                    r.raw().roundTripsPerSecond(), r.raw().p50Nanos() / 1e3, r.raw().p99Nanos() / 1e3,
                    r.ockamj().roundTripsPerSecond() / r.raw().roundTripsPerSecond()));
        }
        Files.writeString(csv, s);
    }

    private static List<Row> readCsv(Path csv) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] f = line.split(",");
            rows.add(new Row(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                    new Result(Double.parseDouble(f[2]), micros(f[3]), micros(f[4])),
                    new Result(Double.parseDouble(f[5]), micros(f[6]), micros(f[7]))));
        }
        return rows;
    }

    private static long micros(String text) {
        return (long) (Double.parseDouble(text) * 1000);
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }

    /** Where the measured window is: ping workers read it on every reply. */
    private static final class Phase {
        static final int WARMUP = 0;
        static final int MEASURE = 1;
        static final int STOP = 2;
        volatile int now = WARMUP;
    }

    /** Two nodes over loopback with {@code connections} connections from a to b's listener. */
    private static final class Nodes implements AutoCloseable {
        final Node a = node("scaling-a");
        final Node b = node("scaling-b");
        final List<TcpConnection> connections = new ArrayList<>();
        int runs;

        Nodes(int count) {
            TcpTransport tcpB = TcpTransport.create(b);
            TcpListener listener = tcpB.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("pong"));
            b.startWorker("pong", (Worker<Object>) (ctx, msg) -> ctx.send(msg.returnRoute(), msg.body()));
            TcpTransport tcpA = TcpTransport.create(a);
            for (int i = 0; i < count; i++) {
                connections.add(tcpA.connect(listener.hostPort()));
            }
        }

        Result run(int inFlight) throws Exception {
            Phase phase = new Phase();
            NeutralMessage body = NeutralMessage.wrap(new byte[PAYLOAD]);
            List<Ping> pings = new ArrayList<>();
            int run = runs++;
            for (int i = 0; i < connections.size(); i++) {
                Ping p = new Ping(Route.of(connections.get(i).address(), Address.local("pong")), body, inFlight, phase);
                String name = "ping-" + run + "-" + i;
                a.startWorker(name, p);
                a.send(name, new PingWorker.Start());
                pings.add(p);
            }
            TimeUnit.MILLISECONDS.sleep(WARMUP_MILLIS);
            phase.now = Phase.MEASURE;
            TimeUnit.MILLISECONDS.sleep(MEASURE_MILLIS);
            phase.now = Phase.STOP;
            LatencyHistogram all = new LatencyHistogram();
            for (Ping p : pings) {
                all.add(p.drained.get(30, TimeUnit.SECONDS)); // every reply came back: nothing was lost
            }
            return new Result(all.count() / (MEASURE_MILLIS / 1000.0), all.quantile(0.5), all.quantile(0.99));
        }

        private static Node node(String name) {
            return Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 5s"))
                    .start();
        }

        @Override
        public void close() {
            a.stop();
            b.stop();
        }
    }

    /** Keeps {@code inFlight} requests outstanding on its connection, timing each round trip (replies come in order). */
    private static final class Ping implements Worker<Object> {
        final CompletableFuture<LatencyHistogram> drained = new CompletableFuture<>();
        private final Route pong;
        private final Object body;
        private final int inFlight;
        private final Phase phase;
        private final long[] sentAt;
        private final LatencyHistogram latencies = new LatencyHistogram();
        private int head;
        private int outstanding;

        Ping(Route pong, Object body, int inFlight, Phase phase) {
            this.pong = pong;
            this.body = body;
            this.inFlight = inFlight;
            this.phase = phase;
            this.sentAt = new long[inFlight];
        }

        @Override
        public void handleMessage(Context ctx, Routed<Object> msg) {
            long now = System.nanoTime();
            if (msg.body() instanceof PingWorker.Start) {
                for (int i = 0; i < inFlight; i++) {
                    send(ctx, now);
                }
                return;
            }
            int p = phase.now;
            if (p == Phase.MEASURE) {
                latencies.record(now - sentAt[head]);
            }
            head = (head + 1) % inFlight;
            outstanding--;
            if (p != Phase.STOP) {
                send(ctx, now);
            } else if (outstanding == 0) {
                drained.complete(latencies);
            }
        }

        private void send(Context ctx, long now) {
            sentAt[(head + outstanding) % inFlight] = now;
            outstanding++;
            ctx.send(pong, body);
        }
    }
}
