package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.FlowControls;
import dev.ockamj.node.testing.LogCapture;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.internal.wire.CborV1;
import dev.ockamj.transport.tcp.internal.wire.LegacyBare;
import dev.ockamj.transport.tcp.internal.wire.LegacyInbound;
import dev.ockamj.transport.tcp.internal.wire.LegacyOutbound;
import dev.ockamj.transport.tcp.internal.wire.Outcome;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Inbound;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import dev.ockamj.transport.tcp.internal.wire.WireException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Mutated golden frames against a live node's TCP listeners (127.0.0.1, port 0) that let peers reach an
 * {@link Echoer}: each input on a connection of its own, and many mixed into long-lived connections between
 * clean echo requests.
 *
 * <p>The oracle is the pure inbound state machine ({@link V1Inbound} / {@link LegacyInbound}, checked against
 * the vectors by their own tests), fed exactly the bytes the node is fed: the input and then a clean "ping" echo
 * frame. Its outcomes (docs/wire.md §8, §9) say which messages reach the echoer, and whether the connection closes
 * or stays open. The live node must agree: the echo replies that arrive are exactly those messages, in order
 * (when the connection closes, the replies the node had sent before closing: a prefix of them); the connection
 * closes if and only if the oracle closes it; if it stays open, the ping is answered. When the oracle is left
 * inside a frame (neither closed nor pinged), the client ends its side and both must close.
 *
 * <p>Seeded: every failure names the seed and the round (or long-lived session) and how to rerun just that one
 * ({@code -Dockamj.fuzz.seed=... -Dockamj.fuzz.round=N} or {@code -Dockamj.fuzz.session=N}).
 * {@code -Dockamj.soak=true} runs ten times as many inputs. No timing thresholds: waits have deadlines that
 * only catch hangs.
 *
 * <p>After each protocol's run: the node still answers on a clean connection, its I/O thread is alive, no
 * thread died and nothing was logged at ERROR, the listener's connections are all gone, and the heap after a
 * full GC is within {@link #HEAP_SLACK} of where it started.
 */
@Tag("hardening")
class LiveFuzzTest {
    private static final long SEED = Long.decode(System.getProperty("ockamj.fuzz.seed", "0x0CCAF022"));
    private static final boolean SOAK = Boolean.getBoolean("ockamj.soak");
    private static final int SCALE = SOAK ? 10 : 1;
    private static final Integer ONLY_ROUND = Integer.getInteger("ockamj.fuzz.round");
    private static final Integer ONLY_SESSION = Integer.getInteger("ockamj.fuzz.session");
    private static final int V1_OWN = 100_000 * SCALE;
    private static final int V1_MIXED = 100_000 * SCALE;
    private static final int LEGACY_OWN = 10_000 * SCALE;
    private static final int LEGACY_MIXED = 20_000 * SCALE;
    private static final int CLIENTS = 4;
    /** Catches a hang; never a timing requirement. */
    private static final Duration WAIT = Duration.ofSeconds(Long.getLong("ockamj.fuzz.waitSeconds", 60));
    /**
     * Heap after a full GC may be this much above the baseline. The node keeps nothing per closed connection;
     * 16 MiB is about 170 bytes for each of the 100,000 connections, so a leak of anything sized per connection
     * or per input would exceed it, while what settles after a warm-up (JIT, Akka, G1 regions) stays far below.
     * Leftover addresses and flow-control entries are checked one by one as well.
     */
    private static final long HEAP_SLACK = 16L << 20;
    private static final Address ECHOER = Address.local("echoer");
    private static final Route ECHOER_ROUTE = Route.of(ECHOER);

    private static Node node;
    private static TcpTransport tcp;
    private static TcpListener v1Listener;
    private static TcpListener legacyListener;
    private static LogCapture errors;
    private static Level ourLevel;
    private static Thread.UncaughtExceptionHandler previousHandler;
    private static final ConcurrentLinkedQueue<String> uncaught = new ConcurrentLinkedQueue<>();
    private static long heapBaseline;
    private static Set<Object> addressesBefore;

    /** One protocol: its listener, its inputs, its oracle and its frames. */
    private record Wire(String name, boolean v1, TcpListener listener, LiveFuzzInputs inputs) {
        Oracle oracle() {
            return new Oracle(v1);
        }

        byte[] frame(TransportMessage m) {
            return v1 ? V1Outbound.frame(m) : LegacyOutbound.frame(m);
        }

        boolean keepsOpen(byte[] body) {
            if (!v1) {
                return true; // LEGACY drops what it cannot decode and goes on
            }
            try {
                CborV1.decodeBody(body);
                return true;
            } catch (WireException e) {
                return false;
            }
        }
    }

    /** The pure state machine, fed exactly what the node is fed. */
    private static final class Oracle {
        private final V1Inbound v1;
        private final LegacyInbound legacy;

        Oracle(boolean v1) {
            this.v1 = v1 ? new V1Inbound() : null;
            this.legacy = v1 ? null : new LegacyInbound();
        }

        List<Outcome> feed(byte[] bytes) {
            List<Outcome> out = new ArrayList<>();
            if (v1 != null) {
                v1.feed(ByteBuffer.wrap(bytes), out::add);
            } else {
                legacy.feed(ByteBuffer.wrap(bytes), out::add);
            }
            return out;
        }

        List<Outcome> eof() {
            return new ArrayList<>((v1 != null ? v1.onEof() : legacy.onEof()).stream().toList());
        }
    }

    /** Counts by name, for the report. */
    private static final class Stats {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        long get(String key) {
            LongAdder a = counts.get(key);
            return a == null ? 0 : a.sum();
        }

        @Override
        public String toString() {
            Map<String, Long> sorted = new TreeMap<>();
            counts.forEach((k, v) -> sorted.put(k, v.sum()));
            return sorted.toString();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
        // every dropped or closed input logs a WARN line: keep 100k of them off the console, capture ERRORs
        Logger ours = (Logger) LoggerFactory.getLogger("dev.ockamj");
        ourLevel = ours.getLevel();
        ours.setLevel(Level.ERROR);
        errors = new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME);

        node = Node.builder().name("fuzz").config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        node.startWorker("echoer", new Echoer());
        tcp = TcpTransport.create(node);
        v1Listener = tcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("echoer"));
        legacyListener = tcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().protocol(TcpProtocol.LEGACY).allow("echoer"));
        System.out.printf("[fuzz] seed 0x%x, soak %s%n", SEED, SOAK);

        // warm up both paths (classes, JIT, buffers) before the heap baseline: inputs of another seed, not counted
        Stats warmUp = new Stats();
        ConcurrentLinkedQueue<String> warmUpFailures = new ConcurrentLinkedQueue<>();
        for (Wire w : List.of(v1(), legacy())) {
            runParallel(2000, round -> {
                if (warmUpFailures.isEmpty()) {
                    ownConnection(w, ~SEED, round, warmUp, warmUpFailures);
                }
            });
        }
        assertTrue(warmUpFailures.isEmpty(), () -> String.join("\n", warmUpFailures));
        waitFor(() -> tcp.connections().isEmpty(), "warm-up connections closed");
        heapBaseline = WireLimitsTest.usedHeapAfterGc();
        addressesBefore = Set.copyOf(addressTable().keySet());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
        if (errors != null) {
            errors.close();
        }
        ((Logger) LoggerFactory.getLogger("dev.ockamj")).setLevel(ourLevel);
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    private static Wire v1() {
        return new Wire("v1", true, v1Listener, LiveFuzzInputs.v1());
    }

    private static Wire legacy() {
        return new Wire("legacy", false, legacyListener, LiveFuzzInputs.legacy());
    }

    @Test
    void currentProtocol() throws Exception {
        fuzz(v1(), V1_OWN, V1_MIXED);
    }

    @Test
    void legacyProtocol() throws Exception {
        fuzz(legacy(), LEGACY_OWN, LEGACY_MIXED);
    }

    private static void fuzz(Wire w, int own, int mixed) throws Exception {
        Stats stats = new Stats();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        if (ONLY_SESSION == null) {
            long t0 = System.nanoTime();
            if (ONLY_ROUND != null) {
                ownConnection(w, SEED, ONLY_ROUND, stats, failures);
            } else {
                runParallel(own, round -> {
                    if (failures.size() < 20) {
                        ownConnection(w, SEED, round, stats, failures);
                    }
                });
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[fuzz] %s: %d inputs, each on its own connection, in %.1f s (%.0f inputs/s)%n",
                    w.name(), stats.get("inputs"), seconds, stats.get("inputs") / seconds);
        }
        if (ONLY_ROUND == null) {
            long t0 = System.nanoTime();
            AtomicLong sent = new AtomicLong();
            if (ONLY_SESSION != null) {
                longLivedSession(w, ONLY_SESSION, stats, failures, sent);
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < CLIENTS; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        for (int session = first; sent.get() < mixed && failures.size() < 20; session += CLIENTS) {
                            longLivedSession(w, session, stats, failures, sent);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                pool.shutdown();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[fuzz] %s: %d mutated frames mixed with %d clean echoes into %d long-lived connections "
                            + "(%d ended by a fatal frame) in %.1f s%n", w.name(), stats.get("mixed frames"),
                    stats.get("mixed clean echoes"), stats.get("sessions"), stats.get("sessions ended by a fatal frame"), seconds);
        }
        System.out.printf("[fuzz] %s counts: %s%n", w.name(), stats);
        assertTrue(failures.isEmpty(), () -> failures.size() + " failure(s):\n" + String.join("\n", failures));
        if (ONLY_ROUND == null && ONLY_SESSION == null) {
            assertTrue(stats.get("inputs") >= own, "inputs " + stats.get("inputs"));
            assertTrue(stats.get("mixed frames") >= mixed, "mixed " + stats.get("mixed frames"));
            // the generators reach every outcome, or the run proves little
            for (String mode : List.of("own", "mixed")) {
                assertTrue(stats.get(mode + " outcome deliver echoer") > own / 10 && stats.get(mode + " outcome heartbeat") > 0
                        && stats.get(mode + " outcome deliver other") > 0, stats::toString);
                assertTrue(stats.get(mode + (w.v1() ? " outcome close DECODE_ERROR" : " outcome drop")) > 0, stats::toString);
            }
            if (w.v1()) {
                assertTrue(stats.get("own outcome close DECODE_ERROR") > own / 10 && stats.get("own outcome close FRAME_TOO_LONG") > 0
                        && stats.get("own outcome close UNSUPPORTED_PROTOCOL_VERSION") > 0, stats::toString);
            } else {
                assertTrue(stats.get("own outcome drop") > own / 10, stats::toString);
            }
        }
        assertHealthy(w);
    }

    // ---------------------------------------------------------------- one input, one connection

    private static void ownConnection(Wire w, long seed, int round, Stats stats, ConcurrentLinkedQueue<String> failures) {
        String where = String.format("seed 0x%x, %s own-connection round %d (rerun: -Dockamj.fuzz.seed=0x%x -Dockamj.fuzz.round=%d)",
                seed, w.name(), round, seed, round);
        SplittableRandom r = new SplittableRandom(mix(seed, w.v1() ? 1 : 2, round));
        LiveFuzzInputs.Input input = w.inputs().next(r);
        boolean fill = r.nextInt(4) != 0;
        stats.add("inputs");
        stats.add("kind " + input.kind());
        TransportMessage ping = ping("ping " + round);
        try (Peer peer = new Peer(w, "own")) {
            boolean open = peer.exchange(concat(input.bytes(), w.frame(ping)), ping, fill, stats);
            stats.add(open ? "connections kept open" : "connections closed");
        } catch (Throwable e) {
            failures.add(where + ", " + input.kind() + " input " + hex(input.bytes()) + ": " + e);
        }
    }

    // ---------------------------------------------------------------- long-lived connections

    /**
     * One long-lived connection: batches of clean echo requests and mutated frames that mostly keep the
     * connection open (decodable bodies: delivered, dropped for their address, heartbeats), each batch ended by a
     * ping, until a fatal frame closes it or the session's length is reached.
     */
    private static void longLivedSession(Wire w, int session, Stats stats, ConcurrentLinkedQueue<String> failures,
                                         AtomicLong sent) {
        SplittableRandom r = new SplittableRandom(mix(SEED, w.v1() ? 3 : 4, session));
        int length = r.nextInt(20, 400);
        String where = String.format("seed 0x%x, %s long-lived session %d (rerun: -Dockamj.fuzz.seed=0x%x -Dockamj.fuzz.session=%d)",
                SEED, w.name(), session, SEED, session);
        stats.add("sessions");
        int batch = 0;
        byte[] last = new byte[0];
        Predicate<byte[]> keepsOpen = w::keepsOpen;
        try (Peer peer = new Peer(w, "mixed")) {
            byte[] pending = w.inputs().handshake();
            for (int frames = 0; frames < length; batch++) {
                List<byte[]> parts = new ArrayList<>();
                parts.add(pending);
                pending = new byte[0];
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++, frames++) {
                    if (r.nextInt(3) == 0) {
                        parts.add(w.frame(new TransportMessage(ECHOER_ROUTE, Route.of("c" + session),
                                ("clean " + session + " " + frames).getBytes(StandardCharsets.UTF_8))));
                        stats.add("mixed clean echoes");
                    } else {
                        LiveFuzzInputs.Input in = w.inputs().frameForLongLived(r, keepsOpen);
                        parts.add(in.bytes());
                        stats.add("mixed frames");
                        stats.add("mixed kind " + in.kind());
                        sent.incrementAndGet();
                    }
                }
                TransportMessage ping = ping("ping " + session + " " + batch);
                parts.add(w.frame(ping));
                byte[] bytes = concat(parts.toArray(new byte[0][]));
                last = bytes;
                if (!peer.exchange(bytes, ping, r.nextInt(4) != 0, stats)) {
                    stats.add("sessions ended by a fatal frame");
                    return;
                }
            }
        } catch (Throwable e) {
            failures.add(where + ", batch " + batch + " " + hex(last) + ": " + e);
        }
    }

    // ---------------------------------------------------------------- the client side of a connection

    /** A raw client connection and the oracle that follows it. */
    private static final class Peer implements AutoCloseable {
        private final Wire wire;
        /** "own" or "mixed", for the counts. */
        private final String mode;
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Oracle oracle;
        /** Everything written, to replay on a fresh oracle. */
        private final java.io.ByteArrayOutputStream history = new java.io.ByteArrayOutputStream();
        private boolean handshakeRead;
        private boolean closed;

        Peer(Wire wire, String mode) throws IOException {
            this.wire = wire;
            this.mode = mode;
            this.oracle = wire.oracle();
            socket = new Socket();
            socket.setSoLinger(true, 0); // close with RST: 100k connections must not leave 100k TIME_WAITs
            socket.setTcpNoDelay(true);
            socket.connect(wire.listener().socketAddress(), (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = socket.getOutputStream();
        }

        /**
         * Sends {@code bytes} (ending with the frame of {@code ping}) and checks the node's answer against the
         * oracle's outcomes. Returns whether the connection is still open.
         *
         * <p>When the oracle is left inside a frame (the ping was swallowed by it) and {@code fill}, zero bytes
         * complete that frame and a second ping follows, so that a node which closed too early is caught too.
         * Otherwise, or if more than 64 KiB would be needed, we end our side, and the node must close on that EOF.
         */
        boolean exchange(byte[] bytes, TransportMessage ping, boolean fill, Stats stats) throws IOException {
            List<Outcome> outcomes = oracle.feed(bytes);
            history.writeBytes(bytes);
            if (fill && isStuck(outcomes, ping)) {
                int filler = fillerLength();
                if (filler >= 0) {
                    ping = LiveFuzzTest.ping(new String(ping.payload(), StandardCharsets.UTF_8) + " after " + filler + " zero bytes");
                    byte[] extra = concat(new byte[filler], wire.frame(ping));
                    outcomes.addAll(oracle.feed(extra));
                    history.writeBytes(extra);
                    bytes = concat(bytes, extra);
                    stats.add("inputs completed with zero bytes");
                }
            }
            boolean closes = outcomes.stream().anyMatch(o -> o instanceof Outcome.Close);
            boolean stuck = isStuck(outcomes, ping);
            boolean pinged = !closes && !stuck;
            if (stuck) {
                outcomes.addAll(oracle.eof()); // we end our side: the node closes on EOF, cleanly or not
                stats.add("inputs ended by the client (inside a frame)");
            }
            List<TransportMessage> expected = new ArrayList<>();
            for (Outcome o : outcomes) {
                stats.add(mode + " outcome " + name(o));
                if (o instanceof Outcome.Deliver d && ECHOER.equals(d.message().onwardRoute().next())) {
                    expected.add(d.message());
                }
            }
            try {
                out.write(bytes);
                out.flush();
                if (stuck) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                if (pinged) {
                    throw new AssertionError("the node closed a connection that must stay open (writing failed: " + e + ")");
                }
                // the node closed while we were still writing, as the oracle says it would
            }
            List<TransportMessage> received = new ArrayList<>();
            try {
                if (wire.v1() && !handshakeRead) {
                    int version = in.read();
                    if (version < 0) {
                        throw new EOFException();
                    }
                    assertEquals(1, version, "the node's version byte");
                    handshakeRead = true;
                }
                while (!(pinged && received.size() == expected.size())) {
                    TransportMessage reply = readReply();
                    int i = received.size();
                    if (i >= expected.size()) {
                        throw new AssertionError("an unexpected reply arrived: " + reply + "; expected only " + expected);
                    }
                    assertEcho(expected.get(i), reply, i);
                    received.add(reply);
                }
            } catch (EOFException | SocketException e) {
                closed = true; // EOF, or reset by the node (it closed with our bytes unread)
            } catch (SocketTimeoutException e) {
                throw new AssertionError("neither the ping's echo nor the end of the connection came within " + WAIT
                        + " (expected " + (pinged ? "the echoes of " + expected : "the connection to close") + ")");
            }
            if (pinged) {
                assertEquals(expected.size(), received.size(), "the node closed a connection that must stay open; outcomes " + outcomes);
            } else {
                assertTrue(closed, "the connection must be closed; outcomes " + outcomes);
            }
            received.forEach(m -> stats.add("echoes received"));
            return !closed;
        }

        /** Neither closed nor with {@code ping} delivered last: the oracle waits for the rest of a frame. */
        private static boolean isStuck(List<Outcome> outcomes, TransportMessage ping) {
            boolean closes = outcomes.stream().anyMatch(o -> o instanceof Outcome.Close);
            boolean pinged = !outcomes.isEmpty()
                    && outcomes.get(outcomes.size() - 1) instanceof Outcome.Deliver d && d.message().equals(ping);
            return !closes && !pinged;
        }

        /** How many zero bytes end the frame the oracle is inside (replayed on a fresh one), or -1 if over 64 KiB. */
        private int fillerLength() {
            Oracle replay = wire.oracle();
            replay.feed(history.toByteArray());
            byte[] zero = new byte[1];
            for (int n = 1; n <= 64 * 1024; n++) {
                if (!replay.feed(zero).isEmpty()) {
                    return n;
                }
            }
            return -1;
        }

        private TransportMessage readReply() throws IOException {
            int length = wire.v1() ? in.readInt() : in.readUnsignedShort();
            if (length < 0 || length > wire.inputs().maxBody()) {
                throw new AssertionError("the node sent a frame of " + Integer.toUnsignedString(length) + " bytes");
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return wire.v1() ? CborV1.decodeBody(body) : LegacyBare.decodeBody(body);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The echoer sends the payload back along the return route: on the wire, onward = that route, return = [echoer]. */
    private static void assertEcho(TransportMessage sent, TransportMessage reply, int i) {
        String what = "echo #" + i + " of " + sent;
        assertArrayEquals(sent.payload(), reply.payload(), what + ": payload; got " + reply);
        assertEquals(sent.returnRoute(), reply.onwardRoute(), what + ": onward route");
        assertEquals(ECHOER_ROUTE, reply.returnRoute(), what + ": return route");
    }

    private static String name(Outcome o) {
        if (o instanceof Outcome.Deliver d) {
            return ECHOER.equals(d.message().onwardRoute().next()) ? "deliver echoer" : "deliver other";
        }
        if (o instanceof Outcome.Close c) {
            return "close " + c.reason();
        }
        return o instanceof Outcome.Heartbeat ? "heartbeat" : "drop";
    }

    private static TransportMessage ping(String text) {
        return new TransportMessage(ECHOER_ROUTE, Route.of("fuzz"), text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- after the run

    private static void assertHealthy(Wire w) throws Exception {
        // a clean connection is answered
        try (RawPeer peer = new RawPeer(w.listener().socketAddress())) {
            byte[] hello = "still answering".getBytes(StandardCharsets.UTF_8);
            TransportMessage m = new TransportMessage(ECHOER_ROUTE, Route.of("app"), hello);
            if (w.v1()) {
                peer.write(concat(V1Outbound.handshake(), V1Outbound.frame(m)));
                assertEquals(1, peer.readByte());
                assertArrayEquals(hello, peer.readMessage().payload());
            } else {
                peer.write(LegacyOutbound.frame(m));
                DataInputStream in = new DataInputStream(peer.socket.getInputStream());
                byte[] body = new byte[in.readUnsignedShort()];
                in.readFully(body);
                assertArrayEquals(hello, LegacyBare.decodeBody(body).payload());
            }
        }
        // no thread died, the I/O thread is alive, nothing was logged at ERROR
        assertTrue(uncaught.isEmpty(), () -> "uncaught exceptions: " + uncaught);
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("ockamj-tcp-" + node.name()) && t.isAlive()), "the node's I/O thread is gone");
        assertEquals(List.of(), errors.lines(Level.ERROR), "ERROR log lines");
        // every connection is gone, and so is what the node held for it
        waitFor(() -> tcp.connections().isEmpty(), "the listener's connections closed");
        // no flow-control entry of a closed connection is left: only the listeners' flows, with the echoer
        // (FlowControls has no listing, so its two maps are read by reflection)
        Set<FlowControlId> listenerFlows = Set.of(v1Listener.flowControlId(), legacyListener.flowControlId());
        assertEquals(listenerFlows, flowControlMap("byFlow").keySet(), "flows still registered");
        assertEquals(Map.of(ECHOER, listenerFlows), flowControlMap("byAddress"), "consumers still registered");
        assertEquals(addressesBefore, addressTable().keySet(), "addresses still registered");
        long used = WireLimitsTest.usedHeapAfterGc();
        System.out.printf("[fuzz] %s: heap after GC %.1f MiB, baseline %.1f MiB (bound: baseline + %d MiB)%n", w.name(),
                used / 1048576.0, heapBaseline / 1048576.0, HEAP_SLACK >> 20);
        assertTrue(used - heapBaseline < HEAP_SLACK, "heap after GC " + used + " bytes, baseline " + heapBaseline);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<?, ?> flowControlMap(String field) throws ReflectiveOperationException {
        return (Map<?, ?>) field(node.flowControls(), field);
    }

    /** The node's address table (address to mailbox): a connection's alias must leave it when it closes. */
    private static Map<?, ?> addressTable() throws ReflectiveOperationException {
        return (Map<?, ?>) field(field(node, "router"), "table");
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    /** Runs {@code rounds} rounds on {@link #CLIENTS} threads; round {@code i} runs on thread {@code i % CLIENTS}. */
    private static void runParallel(int rounds, IntConsumer round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < rounds; i += CLIENTS) {
                        round.accept(i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A well-mixed seed for round {@code i} of stream {@code salt} (SplitMix64's finaliser). */
    static long mix(long seed, long salt, long i) {
        long z = seed + salt * 0x9E3779B97F4A7C15L + i * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static byte[] concat(byte[]... parts) {
        return WireLimitsTest.concat(parts);
    }

    private static String hex(byte[] bytes) {
        return bytes.length <= 600 ? java.util.HexFormat.of().formatHex(bytes)
                : java.util.HexFormat.of().formatHex(bytes, 0, 600) + "... (" + bytes.length + " bytes)";
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        WireLimitsTest.waitFor(condition, what);
    }
}
