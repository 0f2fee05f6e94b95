package dev.ockamj.benchmarks;

import dev.ockamj.identity.SecureChannel;
import dev.ockamj.identity.SecureChannelListener;
import dev.ockamj.identity.SecureChannelListenerOptions;
import dev.ockamj.identity.SecureChannelOptions;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpInlet;
import dev.ockamj.transport.tcp.TcpInletOptions;
import dev.ockamj.transport.tcp.TcpOutletOptions;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TCP portal figures, each beside the same thing done directly (no portal) in the same run. A portal here is
 * two nodes in this JVM ({@link TcpNodes}: {@code b} listens on 127.0.0.1, {@code a} holds one connection to
 * it), an outlet {@code "outlet"} on {@code b} to the target server, and an inlet on {@code a} (127.0.0.1, port
 * 0) to {@code [connection, outlet]} ("plain portal"), or to {@code [secure channel, outlet]} through a secure
 * channel from {@code a} to a listener {@code "api"} on {@code b} ("secure portal"). The client connects to the
 * inlet; the baseline client connects to the target server itself.
 * <ul>
 * <li>bulk, one stream, own harness: the client writes {@code bulkMiB} MiB (default 512) in 64 KiB writes,
 *     preceded by its 8-byte length, to a sink that reads and discards and answers with the 8-byte count it
 *     received. Timed from the first write (after the sink's one-byte "ready", so the portal is open end to end)
 *     until the count is back; Gbit/s = bits written / that time. A count that differs is reported as lost bytes.
 * <li>bulk, one stream, iperf3 (when {@code iperf3} is on the PATH; Debian's package): {@code iperf3 -s -p PORT -1}
 *     as the target, {@code iperf3 -c 127.0.0.1 -p PORT -t iperfSeconds -J} against it directly and against the
 *     inlet; the figure is the JSON's {@code end.sum_received.bits_per_second}.
 * <li>latency: request/response of {@code messageSize}-byte messages (default 64), one in flight: the client
 *     writes a message and waits for the echo server to send it back, {@code roundTrips} times (default 10,000)
 *     after {@code warmupRoundTrips} untimed ones on the same connection; round trips/s, and p50/p99 of the
 *     single round trips in microseconds. TCP_NODELAY everywhere.
 * </ul>
 * Every figure is the median of {@code pairs} (default 5; {@code iperfPairs}, default 3, for iperf3) runs that
 * alternate direct and through the portal, after one warm-up of each, with the median of the per-pair ratios and
 * their range. A fresh portal (nodes, outlet, inlet, channel) and a fresh target are set up for each run, outside
 * the timing. Run: {@code benchmarks/run portal} (shrink with
 * {@code OCKAMJ_JAVA_OPTS="-DbulkMiB=64 -DroundTrips=2000 -DiperfSeconds=2 -Dpairs=3"}; {@code -Diperf=false}
 * skips iperf3; {@code -Dparts=bulk,iperf,latency} picks sections). Not a test: nothing here asserts a time.
 */
public final class PortalBenchmark {
    /** A run that makes no progress for this long is reported as stalled (lost bytes or a hang). */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("stallSeconds", 20));
    private static final int WRITE = 64 * 1024;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Pattern SUM_RECEIVED = Pattern.compile(
            "\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+-]+)");

    public static void main(String[] args) throws Exception {
        int bulkMiB = Integer.getInteger("bulkMiB", 512);
        int roundTrips = Integer.getInteger("roundTrips", 10_000);
        int warmup = Integer.getInteger("warmupRoundTrips", 1_000);
        int messageSize = Integer.getInteger("messageSize", 64);
        int pairs = Integer.getInteger("pairs", 5);
        int iperfPairs = Integer.getInteger("iperfPairs", 3);
        int iperfSeconds = Integer.getInteger("iperfSeconds", 5);
        List<String> parts = List.of(System.getProperty("parts", "bulk,iperf,latency").split(","));
        String iperf = parts.contains("iperf") && Boolean.parseBoolean(System.getProperty("iperf", "true")) ? iperf3() : null;
        System.out.printf("cores: %d, max heap: %d MiB; bulk: %d MiB in %d KiB writes; latency: %,d round trips of %d bytes"
                + " (after %,d untimed); iperf3: %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, bulkMiB, WRITE >> 10, roundTrips, messageSize, warmup,
                iperf == null ? "not found (skipped)" : iperf + " -t " + iperfSeconds);
        System.out.printf("each figure: median of %d alternating runs (iperf3: %d), direct and through the portal, after a"
                + " warm-up of each; ratio: median of the per-pair ratios (range)%n%n", pairs, iperfPairs);

        System.out.println("== bulk, one TCP stream over loopback (ratio: through the portal / direct)");
        for (boolean secure : parts.contains("bulk") ? new boolean[] {false, true} : new boolean[0]) {
            String what = "bulk, one stream (own harness), " + kind(secure);
            try {
                Figures.Run ours = mib -> bulk(secure, mib);
                Figures.Run direct = mib -> bulk(null, mib);
                ours.run(Math.max(1, bulkMiB / 4));
                direct.run(Math.max(1, bulkMiB / 4));
                alternatingGbits(what, pairs, bulkMiB, ours, direct);
            } catch (Exception e) {
                System.out.printf("  %-46s FAILED: %s%n", what, e);
            }
        }
        if (iperf != null) {
            for (boolean secure : new boolean[] {false, true}) {
                String what = "bulk, one stream (iperf3), " + kind(secure);
                try {
                    Figures.Run ours = s -> iperf3(iperf, secure, s);
                    Figures.Run direct = s -> iperf3(iperf, null, s);
                    ours.run(1);
                    direct.run(1);
                    alternatingGbits(what, iperfPairs, iperfSeconds, ours, direct);
                } catch (Exception e) {
                    System.out.printf("  %-46s FAILED: %s%n", what, e);
                }
            }
        }
        System.out.println();
        System.out.printf("== latency: request/response of %d-byte messages, 1 in flight (ratio: through the portal / direct)%n",
                messageSize);
        for (boolean secure : parts.contains("latency") ? new boolean[] {false, true} : new boolean[0]) {
            String what = "round trips, " + kind(secure);
            try {
                Percentiles ourP = new Percentiles();
                Percentiles directP = new Percentiles();
                Figures.Run ours = n -> echo(secure, n, warmup, messageSize, ourP);
                Figures.Run direct = n -> echo(null, n, warmup, messageSize, directP);
                ours.run(roundTrips);
                direct.run(roundTrips);
                ourP.clear();
                directP.clear();
                Figures.alternating(what, "round trips/s", pairs, roundTrips, ours, direct);
                System.out.printf("  %-38s ours %,9.1f  raw %,9.1f µs  ratio %.2f;  p99 ours %,9.1f  raw %,9.1f µs  ratio %.2f%n",
                        "  p50 / p99 of one round trip", ourP.p50(), directP.p50(), ourP.p50() / directP.p50(),
                        ourP.p99(), directP.p99(), ourP.p99() / directP.p99());
            } catch (Exception e) {
                System.out.printf("  %-38s FAILED: %s%n", what, e);
            }
        }
    }

    private static String kind(Boolean secure) {
        return secure == null ? "direct" : secure ? "secure portal" : "plain portal";
    }

    /** {@link Figures#alternating} for Gbit/s (runs return Gbit/s), printed with decimals. */
    private static void alternatingGbits(String what, int pairs, int n, Figures.Run ours, Figures.Run direct) throws Exception {
        double[] o = new double[pairs];
        double[] d = new double[pairs];
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            d[i] = direct.run(n);
            o[i] = ours.run(n);
            ratio[i] = o[i] / d[i];
        }
        Arrays.sort(ratio);
        System.out.printf("  %-46s ours %6.2f Gbit/s  direct %6.2f Gbit/s  ratio %.3f (median of %d alternating; %.3f-%.3f)%n",
                what, median(o), median(d), median(ratio), pairs, ratio[0], ratio[pairs - 1]);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    // ---- the portal ----

    /** Two nodes, an outlet on b to {@code 127.0.0.1:targetPort}, an inlet on a; stops everything when closed. */
    static final class Portal implements AutoCloseable {
        final TcpNodes nodes;
        final TcpInlet inlet;

        private Portal(TcpNodes nodes, TcpInlet inlet) {
            this.nodes = nodes;
            this.inlet = inlet;
        }

        static Portal open(boolean secure, int targetPort) {
            TcpNodes nodes = TcpNodes.start("api");
            try {
                String target = "127.0.0.1:" + targetPort;
                Route route;
                if (secure) {
                    SecureChannelListener l = SecureChannels.create(nodes.b).createListener("api",
                            SecureChannelListenerOptions.defaults());
                    nodes.tcpB.createOutlet("outlet", target, TcpOutletOptions.defaults().reachableThrough(l.flowControlId()));
                    SecureChannel c = SecureChannels.create(nodes.a).createSecureChannel(
                            Route.of(nodes.connection.address(), Address.local("api")), SecureChannelOptions.defaults());
                    route = c.route("outlet");
                } else {
                    nodes.tcpB.createOutlet("outlet", target,
                            TcpOutletOptions.defaults().reachableThrough(nodes.listener.flowControlId()));
                    route = Route.of(nodes.connection.address(), Address.local("outlet"));
                }
                TcpInlet inlet = nodes.tcpA.createInlet("127.0.0.1:0", route, TcpInletOptions.defaults());
                return new Portal(nodes, inlet);
            } catch (RuntimeException e) {
                nodes.close();
                throw e;
            }
        }

        int port() {
            return inlet.socketAddress().getPort();
        }

        @Override
        public void close() {
            nodes.close();
        }
    }

    /** Runs {@code body} with the client's port: the target's, or a new portal's in front of it ({@code secure} non-null). */
    private static <T> T via(Boolean secure, int targetPort, PortBody<T> body) throws Exception {
        if (secure == null) {
            return body.run(targetPort, () -> "");
        }
        try (Portal p = Portal.open(secure, targetPort)) {
            return body.run(p.port(), p.nodes::describe);
        }
    }

    private interface PortBody<T> {
        T run(int port, Supplier<String> describe) throws Exception;
    }

    // ---- bulk, own harness ----

    /** One stream of {@code mib} MiB to a sink, direct ({@code secure} null) or through a portal; returns Gbit/s. */
    static double bulk(Boolean secure, int mib) throws Exception {
        long total = (long) mib << 20;
        try (Sink sink = new Sink()) {
            return via(secure, sink.port(), (port, describe) -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(LOOPBACK, port));
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    AtomicLong written = new AtomicLong();
                    Watchdog w = Watchdog.start(s, () -> written.get() + sink.received.get(), () -> String.format(
                            "%s bulk: client wrote %,d of %,d bytes, sink received %,d%s", kind(secure), written.get(), total,
                            sink.received.get(), describe.get()));
                    try {
                        if (in.read() != 1) {
                            throw new IllegalStateException("no ready byte from the sink");
                        }
                        byte[] chunk = new byte[WRITE];
                        ThreadLocalRandom.current().nextBytes(chunk);
                        long t0 = System.nanoTime();
                        new DataOutputStream(out).writeLong(total);
                        for (long left = total; left > 0; ) {
                            int k = (int) Math.min(WRITE, left);
                            out.write(chunk, 0, k);
                            left -= k;
                            written.addAndGet(k);
                        }
                        long ack = new DataInputStream(in).readLong();
                        long nanos = System.nanoTime() - t0;
                        if (ack != total) {
                            throw new IllegalStateException(String.format("lost bytes: wrote %,d, the sink received %,d", total, ack));
                        }
                        return total * 8 / (nanos / 1e9) / 1e9;
                    } catch (IOException e) {
                        throw w.failure(e);
                    } finally {
                        w.stop();
                    }
                }
            });
        }
    }

    /** Accepts connections; on each: sends 1 ("ready"), reads an 8-byte length and that many bytes, answers the count. */
    static final class Sink extends Server {
        final AtomicLong received = new AtomicLong();

        Sink() throws IOException {
            super("sink");
        }

        @Override
        void serve(Socket s) throws IOException {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            out.write(1);
            out.flush();
            DataInputStream din = new DataInputStream(in);
            long total = din.readLong();
            byte[] buf = new byte[256 * 1024];
            long got = 0;
            while (got < total) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, total - got));
                if (n < 0) {
                    break;
                }
                got += n;
                received.addAndGet(n);
            }
            new DataOutputStream(out).writeLong(got);
            out.flush();
            while (in.read(buf) >= 0) {
                // until the client closes
            }
        }
    }

    // ---- latency ----

    /** {@code n} request/response round trips of {@code size} bytes, 1 in flight; returns round trips/s. */
    static double echo(Boolean secure, int n, int warmup, int size, Percentiles into) throws Exception {
        try (EchoServer server = new EchoServer()) {
            return via(secure, server.port(), (port, describe) -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(LOOPBACK, port));
                    s.setTcpNoDelay(true);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    AtomicLong done = new AtomicLong();
                    Watchdog w = Watchdog.start(s, done::get, () -> String.format("%s echo: %,d round trips done of %,d%s",
                            kind(secure), done.get(), warmup + n, describe.get()));
                    try {
                        byte[] msg = new byte[Math.max(8, size)];
                        byte[] back = new byte[msg.length];
                        long[] rtt = new long[n];
                        long t0 = 0;
                        for (int i = -warmup; i < n; i++) {
                            if (i == 0) {
                                t0 = System.nanoTime();
                            }
                            java.nio.ByteBuffer.wrap(msg).putLong(0, i);
                            long start = System.nanoTime();
                            out.write(msg);
                            in.readFully(back);
                            long end = System.nanoTime();
                            if (!Arrays.equals(msg, back)) {
                                throw new IllegalStateException("round trip " + i + ": the echo differs from the message");
                            }
                            if (i >= 0) {
                                rtt[i] = end - start;
                            }
                            done.incrementAndGet();
                        }
                        double perSecond = n / ((System.nanoTime() - t0) / 1e9);
                        into.add(rtt);
                        return perSecond;
                    } catch (IOException e) {
                        throw w.failure(e);
                    } finally {
                        w.stop();
                    }
                }
            });
        }
    }

    /** Writes back whatever it reads, as soon as it reads it. */
    static final class EchoServer extends Server {
        EchoServer() throws IOException {
            super("echo");
        }

        @Override
        void serve(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        }
    }

    /** The medians, over runs, of each run's p50 and p99, in microseconds. */
    static final class Percentiles {
        private final List<double[]> runs = new ArrayList<>();

        synchronized void add(long[] nanos) {
            long[] v = nanos.clone();
            Arrays.sort(v);
            runs.add(new double[] {v[(int) (v.length * 0.50)] / 1e3, v[Math.min(v.length - 1, (int) (v.length * 0.99))] / 1e3});
        }

        synchronized void clear() {
            runs.clear();
        }

        double p50() {
            return of(0);
        }

        double p99() {
            return of(1);
        }

        private synchronized double of(int k) {
            return median(runs.stream().mapToDouble(r -> r[k]).toArray());
        }
    }

    // ---- iperf3 ----

    private static String iperf3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.io.File f = new java.io.File(dir, "iperf3");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** One iperf3 test of {@code seconds} s, direct ({@code secure} null) or through a portal; returns Gbit/s received. */
    static double iperf3(String iperf, Boolean secure, int seconds) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(iperf, "-s", "-p", Integer.toString(port), "-1", "--forceflush")
                .redirectErrorStream(true).start();
        try {
            StringBuilder serverOut = new StringBuilder();
            CountDownLatch listening = new CountDownLatch(1);
            Thread drain = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (serverOut) {
                            serverOut.append(line).append('\n');
                        }
                        if (line.contains("listening")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "iperf3-server-output");
            drain.setDaemon(true);
            drain.start();
            if (!listening.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("iperf3 -s did not start: " + serverOut);
            }
            return via(secure, port, (clientPort, describe) -> {
                Process client = new ProcessBuilder(iperf, "-c", "127.0.0.1", "-p", Integer.toString(clientPort),
                        "-t", Integer.toString(seconds), "-J").redirectErrorStream(true).start();
                try {
                    byte[] json = readAll(client.getInputStream(), TimeUnit.SECONDS.toNanos(seconds) + STALL_NANOS, client);
                    if (!client.waitFor(STALL_NANOS, TimeUnit.NANOSECONDS)) {
                        throw new IllegalStateException("iperf3 -c did not end" + describe.get());
                    }
                    String text = new String(json, StandardCharsets.UTF_8);
                    Matcher m = SUM_RECEIVED.matcher(text);
                    if (client.exitValue() != 0 || !m.find()) {
                        throw new IllegalStateException(kind(secure) + ": iperf3 -c exit " + client.exitValue() + ": "
                                + text.substring(0, Math.min(text.length(), 2000)) + describe.get());
                    }
                    return Double.parseDouble(m.group(1)) / 1e9;
                } finally {
                    client.destroyForcibly();
                }
            });
        } finally {
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Reads a process's output to its end; kills the process if that takes longer than {@code nanos}. */
    private static byte[] readAll(InputStream in, long nanos, Process p) throws IOException {
        Thread killer = new Thread(() -> {
            try {
                if (!p.waitFor(nanos, TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "iperf3-timeout");
        killer.setDaemon(true);
        killer.start();
        try {
            return in.readAllBytes();
        } finally {
            killer.interrupt();
        }
    }

    // ---- plumbing ----

    /** A loopback server: each accepted connection is served by a thread of its own. Closing stops accepting. */
    abstract static class Server implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new ArrayList<>();

        Server(String name) throws IOException {
            server = new ServerSocket(0, 50, LOOPBACK);
            Thread t = new Thread(this::accept, "portal-bench-" + name);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    Thread t = new Thread(() -> {
                        try (s) {
                            serve(s);
                        } catch (EOFException e) {
                            // the client went away
                        } catch (IOException e) {
                            if (!server.isClosed()) {
                                System.err.println("server: " + e);
                            }
                        }
                    }, "portal-bench-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        abstract void serve(Socket s) throws IOException;

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** Closes the client's socket when {@code progress} has not moved for the stall time, and says why. */
    static final class Watchdog {
        private final Thread thread;
        private volatile String stalled;
        private volatile boolean stopped;

        private Watchdog(Socket s, LongSupplier progress, Supplier<String> describe) {
            thread = new Thread(() -> {
                long last = progress.getAsLong();
                long since = System.nanoTime();
                while (!stopped) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = progress.getAsLong();
                    if (now != last) {
                        last = now;
                        since = System.nanoTime();
                    } else if (System.nanoTime() - since > STALL_NANOS && !stopped) {
                        stalled = "stalled for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s: " + describe.get();
                        try {
                            s.close();
                        } catch (IOException e) {
                            // closed anyway
                        }
                        return;
                    }
                }
            }, "portal-bench-watchdog");
            thread.setDaemon(true);
        }

        static Watchdog start(Socket s, LongSupplier progress, Supplier<String> describe) {
            Watchdog w = new Watchdog(s, progress, describe);
            w.thread.start();
            return w;
        }

        Exception failure(IOException e) {
            String why = stalled;
            return why != null ? new IllegalStateException(why, e) : e;
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }
    }
}
