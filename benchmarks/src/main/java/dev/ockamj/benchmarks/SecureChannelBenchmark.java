package dev.ockamj.benchmarks;

import static dev.ockamj.benchmarks.Figures.best;
import static dev.ockamj.benchmarks.Figures.report;

import dev.ockamj.identity.SecureChannel;
import dev.ockamj.identity.SecureChannelListenerOptions;
import dev.ockamj.identity.SecureChannelOptions;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secure channel figures, each beside a baseline from the same run (two nodes in this JVM over loopback TCP):
 * <ul>
 * <li>request/reply through a secure channel, 1 and 100 in flight, beside the same over the plain connection;
 * <li>raw AES-256-GCM: one encryption and one decryption of the payload per message (what a channel adds per
 *     hop at least), as a ceiling, beside the channel's messages per second (two per round trip);
 * <li>handshakes per second: channels opened one after the other to one listener, beside TCP round trips.
 * </ul>
 * Run: {@code benchmarks/run secure-channel} (shrink with {@code OCKAMJ_JAVA_OPTS="-DroundTrips=20000"}). Nothing here
 * asserts a time.
 */
public final class SecureChannelBenchmark {
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(20);

    public static void main(String[] args) throws Exception {
        int roundTrips = Integer.getInteger("roundTrips", 200_000);
        int roundTrips1 = Integer.getInteger("roundTrips1", Math.max(1, roundTrips / 10));
        int handshakes = Integer.getInteger("handshakes", 300);
        int payload = Integer.getInteger("payload", 100);
        int pairs = Integer.getInteger("pairs", 5);
        System.out.printf("cores: %d, payload: %d bytes; after a warm-up, request/reply figures are medians of %d"
                + " alternating runs, the others the best of 3%n%n", Runtime.getRuntime().availableProcessors(), payload, pairs);
        System.out.println("== request/reply through a secure channel over loopback TCP (ratio: channel / plain TCP)");
        for (int inFlight : new int[] {1, 100}) {
            int n = inFlight == 1 ? roundTrips1 : roundTrips;
            int f = inFlight;
            pingPong(false, f, n / 4, payload);
            pingPong(true, f, n / 4, payload);
            Figures.alternating("request/reply, " + f + " in flight", "round trips/s", pairs, n,
                    k -> pingPong(true, f, k, payload), k -> pingPong(false, f, k, payload));
        }
        System.out.println();
        System.out.println("== the channel's messages/s (2 per round trip, 100 in flight) beside raw AES-256-GCM seal+open");
        measure("messages through the channel", "messages/s", roundTrips,
                k -> 2 * pingPong(true, 100, k, payload), k -> rawAesGcm(k, payload));
        System.out.println();
        System.out.println("== handshakes, one after the other, to one listener (ratio: handshakes / TCP round trips, 1 in flight)");
        measure("handshakes", "per s", handshakes, SecureChannelBenchmark::handshakes,
                k -> pingPong(false, 1, k, payload));
        System.out.println();
        System.out.println("== heap per open channel, both ends (ratio: channel / an idle worker on a node)");
        int channels = Integer.getInteger("channels", 500);
        double perChannel = heapPerChannel(channels);
        double perWorker = heapPerWorker(channels * 20);
        System.out.printf("  %-38s ours %,12.0f  raw %,12.0f bytes  ratio %.1f%n", "heap per channel (" + channels + ")",
                perChannel, perWorker, perChannel / perWorker);
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static double heapPerChannel(int n) throws Exception {
        try (TcpNodes nodes = TcpNodes.start("api")) {
            SecureChannels.create(nodes.b).createListener("api", SecureChannelListenerOptions.defaults());
            SecureChannels a = SecureChannels.create(nodes.a);
            Route api = Route.of(nodes.connection.address(), Address.local("api"));
            a.createSecureChannel(api, SecureChannelOptions.defaults()).close(); // classes loaded, caches warm
            long before = usedHeap();
            java.util.List<SecureChannel> open = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                open.add(a.createSecureChannel(api, SecureChannelOptions.defaults()));
            }
            long after = usedHeap();
            if (open.size() != n) {
                throw new IllegalStateException("opened " + open.size());
            }
            return (after - before) / (double) n;
        }
    }

    static double heapPerWorker(int n) throws Exception {
        try (TcpNodes nodes = TcpNodes.start()) {
            long before = usedHeap();
            for (int i = 0; i < n; i++) {
                nodes.a.startWorker("w" + i, (Worker<Object>) (ctx, msg) -> { });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (nodes.a.listWorkers().size() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long after = usedHeap();
            return (after - before) / (double) n;
        }
    }

    private static void measure(String what, String unit, int n, Figures.Run ours, Figures.Run base) {
        try {
            base.run(Math.max(1, n / 4));
            ours.run(Math.max(1, n / 4));
            double b = best(base, n);
            double o = best(ours, n);
            report(what, o, b, unit);
        } catch (Exception e) {
            System.out.printf("  %-38s FAILED: %s%n", what, e);
        }
    }

    static double pingPong(boolean secure, int inFlight, int total, int payload) throws Exception {
        try (TcpNodes nodes = TcpNodes.start("pong", "api")) {
            nodes.b.startWorker("pong", (Worker<Object>) (ctx, msg) -> ctx.send(msg.returnRoute(), msg.body()));
            Route pong = Route.of(nodes.connection.address(), Address.local("pong"));
            if (secure) {
                SecureChannels.create(nodes.b).createListener("api", SecureChannelListenerOptions.defaults().allow("pong"));
                SecureChannel c = SecureChannels.create(nodes.a).createSecureChannel(
                        Route.of(nodes.connection.address(), Address.local("api")), SecureChannelOptions.defaults());
                pong = c.route("pong");
            }
            PingWorker ping = new PingWorker(pong, NeutralMessage.wrap(new byte[payload]), inFlight, total, payload);
            nodes.a.startWorker("ping", ping);
            nodes.a.send("ping", new PingWorker.Start());
            long nanos = PingWorker.await(ping.done, ping.progress::get, total, "ping", STALL_NANOS, nodes::describe);
            ping.warnAboutBadReplies();
            return total / (nanos / 1e9);
        }
    }

    static double handshakes(int total) throws Exception {
        try (TcpNodes nodes = TcpNodes.start("api")) {
            SecureChannels.create(nodes.b).createListener("api", SecureChannelListenerOptions.defaults());
            SecureChannels a = SecureChannels.create(nodes.a);
            Route api = Route.of(nodes.connection.address(), Address.local("api"));
            long t0 = System.nanoTime();
            for (int i = 0; i < total; i++) {
                a.createSecureChannel(api, SecureChannelOptions.defaults()).close();
            }
            return total / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double rawAesGcm(int total, int payload) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        byte[] plain = new byte[payload + 40]; // about the CBOR routes a channel message carries
        Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] nonce = new byte[12];
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            java.nio.ByteBuffer.wrap(nonce).putInt(0).putLong(i);
            GCMParameterSpec spec = new GCMParameterSpec(128, nonce);
            enc.init(Cipher.ENCRYPT_MODE, k, spec);
            byte[] sealed = enc.doFinal(plain);
            dec.init(Cipher.DECRYPT_MODE, k, spec);
            dec.doFinal(sealed);
        }
        return total / ((System.nanoTime() - t0) / 1e9);
    }
}
