package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.testing.LogCapture;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.transport.tcp.internal.wire.CborV1;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Load on one node's TCP listener: many connections at once, each doing many request/replies with the echoer,
 * and peers that stop reading. Every test waits with deadlines and asserts correctness and bounds; the figures
 * (throughput, heap) are printed for docs/reliability.md, never asserted.
 */
@Tag("hardening")
class TcpLoadTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int CONNECTIONS = 200;
    private static final int REQUESTS = 1000;
    /** Requests each client keeps in flight on its connection. */
    private static final int WINDOW = 4;
    private static final Route ECHOER = Route.of("echoer");
    private static final Route APP = Route.of("app");

    private Node server;
    private TcpTransport serverTcp;
    private TcpListener listener;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    static Node node(String name) {
        return Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 5s")).start();
    }

    @BeforeEach
    void start() {
        server = node("load-server");
        server.startWorker("echoer", new Echoer());
        serverTcp = TcpTransport.create(server);
        listener = serverTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("echoer"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.stop();
    }

    // ---- a. many connections, many request/replies ----

    @Test
    void twoHundredRawPeersEachGetExactlyTheirOwnThousandReplies() throws Exception {
        long took = runClients(CONNECTIONS, listener.socketAddress(), REQUESTS, 8, () -> {
            long in = serverTcp.connections().stream().mapToLong(TcpConnection::messagesIn).sum();
            long out = serverTcp.connections().stream().mapToLong(TcpConnection::messagesOut).sum();
            assertEquals((long) CONNECTIONS * REQUESTS, in, "requests the node read");
            assertEquals((long) CONNECTIONS * REQUESTS, out, "replies the node wrote");
        });
        report("raw peers", took);
        waitFor(() -> serverTcp.connections().isEmpty());
    }

    @Test
    void twoHundredConnectionsFromAnotherNodeEachGetExactlyTheirOwnThousandReplies() throws Exception {
        Node client = node("load-client");
        toClose.add(client);
        TcpTransport clientTcp = TcpTransport.create(client);
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch finished = new CountDownLatch(CONNECTIONS);
        Pinger[] pingers = new Pinger[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            TcpConnection c = clientTcp.connect(listener.hostPort());
            pingers[i] = new Pinger(i, c.address(), problems, finished);
            client.startWorker("pinger-" + i, pingers[i]);
        }
        waitFor(() -> serverTcp.connections().size() == CONNECTIONS);
        long t0 = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            client.send("pinger-" + i, "go");
        }
        assertTrue(finished.await(WAIT.toSeconds(), TimeUnit.SECONDS),
                (CONNECTIONS - finished.getCount()) + " of " + CONNECTIONS + " pingers finished; problems: "
                        + problems.stream().limit(5).toList());
        long t1 = System.nanoTime();
        assertTrue(problems.isEmpty(), problems.size() + " problems, e.g. " + problems.stream().limit(5).toList());
        for (Pinger p : pingers) {
            p.assertGotEachOfItsOwnOnce();
        }
        long in = serverTcp.connections().stream().mapToLong(TcpConnection::messagesIn).sum();
        assertEquals((long) CONNECTIONS * REQUESTS, in, "requests the node read");
        long clientIn = clientTcp.connections().stream().mapToLong(TcpConnection::messagesIn).sum();
        assertEquals((long) CONNECTIONS * REQUESTS, clientIn, "replies the client node read");
        report("node to node", t1 - t0);
    }

    // ---- b. a peer that stops reading ----

    @Test
    void aPeerThatStopsReadingIsReportedOnceAndHoldsNeitherMemoryNorTheOtherConnections() throws Exception {
        long max = 1 << 20;
        int minStuckRequests = 20_000;
        byte[] padding = new byte[4096];
        int others = 50;
        TcpListener limited = serverTcp.listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("echoer").maxQueuedBytes(max));
        Logger connLog = (Logger) LoggerFactory.getLogger(TcpConnection.class);
        Level oldLevel = connLog.getLevel();
        connLog.setLevel(Level.INFO);
        try (LogCapture log = new LogCapture(TcpConnection.class);
             Socket stuck = new Socket()) {
            // baseline: the other connections alone
            long baseline = runClients(others, limited.socketAddress(), 1000);

            long heapBefore = usedHeapAfterGc();
            stuck.setReceiveBufferSize(4096);
            stuck.connect(limited.socketAddress(), 10_000);
            String stuckPeer = "127.0.0.1:" + stuck.getLocalPort();
            waitFor(() -> serverTcp.connections().stream().anyMatch(c -> c.peer().equals(stuckPeer)));
            TcpConnection conn = serverTcp.connections().stream().filter(c -> c.peer().equals(stuckPeer)).findFirst().orElseThrow();
            OutputStream out = new BufferedOutputStream(stuck.getOutputStream());
            out.write(V1Outbound.handshake());
            long[] maxQueued = new long[1];
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxQueued[0] = Math.max(maxQueued[0], conn.queuedBytes());
                    LockSupport.parkNanos(20_000);
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            AtomicBoolean othersDone = new AtomicBoolean();
            ExecutorService stuckSender = Executors.newSingleThreadExecutor();
            Future<Integer> sending = stuckSender.submit(() -> {
                // it keeps sending until the other connections are done
                int seq = 0;
                while (seq < minStuckRequests || !othersDone.get()) {
                    seq++;
                    byte[] p = ByteBuffer.allocate(8 + padding.length).putInt(-1).putInt(seq).put(padding).array();
                    out.write(V1Outbound.frame(new TransportMessage(ECHOER, APP, p)));
                }
                out.flush();
                return seq;
            });
            waitFor(conn::isStalled);

            // the other connections, while the stuck one is stuck
            long during = runClients(others, limited.socketAddress(), 1000);
            othersDone.set(true);
            assertTrue(conn.isStalled() && conn.isOpen(), "the stuck connection is still stuck");

            int stuckRequests = sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            stuckSender.shutdown();
            // every request was read and echoed: its reply either waits in the buffer or was dropped
            waitFor(() -> conn.messagesIn() == stuckRequests && conn.messagesOut() + conn.messagesDropped() == stuckRequests);
            sampler.interrupt();
            sampler.join();
            long heapAfter = usedHeapAfterGc();
            long dropped = conn.messagesDropped();
            long queued = conn.queuedBytes();
            List<String> warns = log.lines(Level.WARN);
            System.out.printf("TcpLoadTest stuck peer: %d requests of %d bytes sent, %d replies dropped, queued %d bytes"
                            + " (max seen %d, limit %d), heap after GC %d -> %d MiB, %d WARN lines; %d other connections x"
                            + " 1000: %.0f replies/s alone, %.0f replies/s beside the stuck peer (%.0f%%)%n",
                    stuckRequests, 8 + padding.length, dropped, queued, maxQueued[0], max, heapBefore >> 20,
                    heapAfter >> 20, warns.size(), others, others * 1000 / (baseline / 1e9), others * 1000 / (during / 1e9),
                    100.0 * baseline / during);
            assertTrue(maxQueued[0] <= max && queued <= max, "queued " + queued + ", at most " + maxQueued[0]);
            assertTrue(dropped >= stuckRequests / 2, "dropped " + dropped);
            // what the peer sent (80 MiB) is not kept: the heap holds at most the buffer, and a margin
            assertTrue(heapAfter - heapBefore < 32L << 20, "heap grew from " + heapBefore + " to " + heapAfter);
            // reported once, with a few summaries, not once per dropped message
            List<String> stalls = warns.stream().filter(l -> l.contains(stuckPeer) && l.contains("has not read")).toList();
            assertEquals(1, stalls.size(), warns.toString());
            assertTrue(stalls.get(0).contains(conn.address().toString()), stalls.get(0));
            // the first, then one at 100, 1000, 10000... drops
            assertTrue(warns.size() <= Math.max(1, (int) Math.log10(dropped)), warns.size() + " WARN lines: " + warns);

            // the peer reads again: it gets every reply that was not dropped, each once, and the stall ends
            DataInputStream in = new DataInputStream(new BufferedInputStream(stuck.getInputStream()));
            stuck.setSoTimeout((int) WAIT.toMillis());
            assertEquals(1, in.readUnsignedByte());
            BitSet seen = new BitSet(stuckRequests + 1);
            long replies = conn.messagesOut();
            for (long i = 0; i < replies; i++) {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                ByteBuffer p = ByteBuffer.wrap(CborV1.decodeBody(body).payload());
                assertEquals(-1, p.getInt());
                int seq = p.getInt();
                assertTrue(seq >= 1 && seq <= stuckRequests && !seen.get(seq), "reply " + seq);
                seen.set(seq);
            }
            waitFor(() -> !conn.isStalled());
            String drained = log.await(Level.INFO, l -> l.contains(stuckPeer) && l.contains("reads again"));
            assertTrue(drained.contains(dropped + " messages"), drained);
            assertEquals(0, conn.queuedBytes());
            assertEquals(stuckRequests, replies + dropped, "every request was answered or counted as dropped");
        } finally {
            connLog.setLevel(oldLevel);
        }
    }

    // ---- c. a peer that floods requests and does not read ----

    @Test
    void aPeerThatFloodsRequestsWithoutReadingCannotGrowTheNodesMemoryWithoutBound() throws Exception {
        long max = 1 << 20;
        int requests = 1_000_000;
        TcpListener limited = serverTcp.listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("echoer").maxQueuedBytes(max));
        try (Socket flood = new Socket()) {
            flood.setReceiveBufferSize(4096);
            flood.connect(limited.socketAddress(), 10_000);
            String peer = "127.0.0.1:" + flood.getLocalPort();
            waitFor(() -> serverTcp.connections().stream().anyMatch(c -> c.peer().equals(peer)));
            TcpConnection conn = serverTcp.connections().stream().filter(c -> c.peer().equals(peer)).findFirst().orElseThrow();
            long heapBefore = usedHeapAfterGc();
            OutputStream out = new BufferedOutputStream(flood.getOutputStream(), 1 << 16);
            out.write(V1Outbound.handshake());
            long[] maxBacklog = new long[1];
            long[] maxInFlight = new long[1];
            long[] maxHeap = new long[1];
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    // read by the node but not yet handled by the echoer: waiting in its mailbox
                    long backlog = conn.messagesIn() - conn.messagesOut() - conn.messagesDropped();
                    maxBacklog[0] = Math.max(maxBacklog[0], backlog);
                    maxInFlight[0] = Math.max(maxInFlight[0], conn.inFlight());
                    Runtime r = Runtime.getRuntime();
                    maxHeap[0] = Math.max(maxHeap[0], r.totalMemory() - r.freeMemory());
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long t0 = System.nanoTime();
            for (int seq = 1; seq <= requests; seq++) {
                out.write(V1Outbound.frame(new TransportMessage(ECHOER, APP, payload(-1, seq))));
            }
            out.flush();
            long t1 = System.nanoTime();
            // the peer has written everything: all but what the sockets' buffers hold was read by the node
            long heapWritten = usedHeapAfterGc();
            waitFor(() -> conn.messagesIn() == requests && conn.messagesOut() + conn.messagesDropped() == requests);
            long t2 = System.nanoTime();
            sampler.interrupt();
            sampler.join();
            int frame = V1Outbound.frame(new TransportMessage(ECHOER, APP, payload(-1, 1))).length;
            long cost = TcpConnection.cost(new TransportMessage(ECHOER, APP, payload(-1, 1)));
            // the I/O thread checks after each read of at most 64 KiB
            long overshoot = (64 * 1024 / frame + 1) * cost;
            System.out.printf("TcpLoadTest flood: %d requests (%d-byte frames) written in %.2f s, echoed or dropped"
                            + " after %.2f s; waiting in the echoer's mailbox at most %d messages (in flight %d bytes,"
                            + " limit %d + %d); heap after GC before %d MiB, when all was written %d MiB, peak with"
                            + " garbage %d MiB; replies dropped %d%n",
                    requests, frame, (t1 - t0) / 1e9, (t2 - t0) / 1e9, maxBacklog[0], maxInFlight[0],
                    TcpConnection.MAX_IN_FLIGHT, overshoot, heapBefore >> 20, heapWritten >> 20, maxHeap[0] >> 20,
                    conn.messagesDropped());
            assertTrue(maxInFlight[0] <= TcpConnection.MAX_IN_FLIGHT + overshoot, "in flight " + maxInFlight[0]);
            // (+1: messagesIn counts a message just before it is routed)
            assertTrue(maxBacklog[0] <= (TcpConnection.MAX_IN_FLIGHT + overshoot) / cost + 1, "backlog " + maxBacklog[0]);
            assertTrue(heapWritten - heapBefore < 64L << 20, "heap after GC grew from " + heapBefore + " to " + heapWritten);
            assertEquals(0, conn.inFlight());
            waitFor(() -> !conn.isReadPaused()); // the last resume runs on the I/O thread
            assertTrue(conn.isOpen());
        }
    }

    /** {@code n} raw clients doing {@code requests} request/replies each; returns the nanoseconds it took. */
    private long runClients(int n, InetSocketAddress to, int requests) throws Exception {
        return runClients(n, to, requests, 4, () -> { });
    }

    /**
     * {@code n} raw clients, served by {@code threads} threads in rounds (each client writes WINDOW requests, then
     * reads WINDOW replies), doing {@code requests} request/replies each; each must get exactly its own, once.
     * {@code whileOpen} runs after that, before the clients close. Returns the nanoseconds the requests took.
     */
    private long runClients(int n, InetSocketAddress to, int requests, int threads, Runnable whileOpen)
            throws Exception {
        Client[] clients = new Client[n];
        for (int i = 0; i < n; i++) {
            clients[i] = new Client(i, to);
        }
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int seq = 1; seq <= requests; seq += WINDOW) {
                        int last = Math.min(requests, seq + WINDOW - 1);
                        for (int c = first; c < n; c += threads) {
                            clients[c].send(seq, last);
                        }
                        for (int c = first; c < n; c += threads) {
                            clients[c].receive(last - seq + 1, problems);
                        }
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (Future<?> f : done) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            long took = System.nanoTime() - t0;
            assertTrue(problems.isEmpty(), problems.size() + " problems, e.g. " + problems.stream().limit(5).toList());
            for (Client c : clients) {
                c.assertGotEachOfItsOwnOnce(requests);
            }
            whileOpen.run();
            return took;
        } finally {
            pool.shutdownNow();
            for (Client c : clients) {
                c.close();
            }
        }
    }

    private static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }

    private static void report(String kind, long nanos) {
        long total = (long) CONNECTIONS * REQUESTS;
        System.out.printf("TcpLoadTest %s: %d connections x %d request/replies (window %d) = %d replies in %.2f s:"
                + " %.0f replies/s%n", kind, CONNECTIONS, REQUESTS, WINDOW, total, nanos / 1e9, total / (nanos / 1e9));
    }

    /** A raw Ockam-wire peer (v1 frames) that checks that it gets its own replies, each once. */
    private static final class Client implements AutoCloseable {
        final int id;
        final Socket socket = new Socket();
        final DataInputStream in;
        final OutputStream out;
        final boolean[] seen = new boolean[REQUESTS + 1];
        int received;

        Client(int id, InetSocketAddress server) throws IOException {
            this.id = id;
            socket.setTcpNoDelay(true);
            socket.connect(server, 10_000);
            socket.setSoTimeout((int) WAIT.toMillis());
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new BufferedOutputStream(socket.getOutputStream());
            out.write(V1Outbound.handshake());
            out.flush();
            assertEquals(1, in.readUnsignedByte(), "the node's version byte");
        }

        void send(int fromSeq, int toSeq) throws IOException {
            for (int s = fromSeq; s <= toSeq; s++) {
                out.write(V1Outbound.frame(new TransportMessage(ECHOER, APP, payload(id, s))));
            }
            out.flush();
        }

        void receive(int count, Queue<String> problems) throws IOException {
            for (int i = 0; i < count; i++) {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                TransportMessage m = CborV1.decodeBody(body);
                check(id, APP, m.onwardRoute(), m.payload(), seen, problems);
                received++;
            }
        }

        void assertGotEachOfItsOwnOnce(int requests) {
            assertEquals(requests, received, "client " + id);
            for (int s = 1; s <= requests; s++) {
                assertTrue(seen[s], "client " + id + " never got reply " + s);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A worker on the client node that keeps WINDOW requests in flight through its own connection. */
    private static final class Pinger implements Worker<Object> {
        final int id;
        final Address connection;
        final Route route;
        final Queue<String> problems;
        final CountDownLatch finished;
        final boolean[] seen = new boolean[REQUESTS + 1];
        int sent;
        volatile int received;

        Pinger(int id, Address connection, Queue<String> problems, CountDownLatch finished) {
            this.id = id;
            this.connection = connection;
            this.route = Route.of(connection, Address.local("echoer"));
            this.problems = problems;
            this.finished = finished;
        }

        @Override
        public void handleMessage(Context ctx, Routed<Object> msg) {
            if (msg.body() instanceof NeutralMessage reply) {
                if (!connection.equals(msg.returnRoute().nextOrNull())) {
                    problems.add("pinger " + id + " got a reply through " + msg.returnRoute().nextOrNull()
                            + ", not its connection " + connection);
                }
                check(id, Route.of("pinger-" + id), msg.onwardRoute(), reply.unsafeBytes(), seen, problems);
                received++;
                if (received == REQUESTS) {
                    finished.countDown();
                }
            }
            // "go" starts the window; each reply lets one more request out
            int more = msg.body() instanceof NeutralMessage ? 1 : WINDOW;
            for (int i = 0; i < more && sent < REQUESTS; i++) {
                sent++;
                ctx.send(route, NeutralMessage.wrap(payload(id, sent)));
            }
        }

        void assertGotEachOfItsOwnOnce() {
            assertEquals(REQUESTS, received, "pinger " + id);
            for (int s = 1; s <= REQUESTS; s++) {
                assertTrue(seen[s], "pinger " + id + " never got reply " + s);
            }
        }
    }

    static byte[] payload(int connection, int seq) {
        return ByteBuffer.allocate(8).putInt(connection).putInt(seq).array();
    }

    /** A reply must carry this connection's id and a sequence number it sent and has not had back yet. */
    static void check(int id, Route expectedOnward, Route onward, byte[] payload, boolean[] seen, Queue<String> problems) {
        if (!expectedOnward.equals(onward)) {
            problems.add("connection " + id + ": a reply to " + onward);
        }
        if (payload.length != 8) {
            problems.add("connection " + id + ": a reply of " + payload.length + " bytes");
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        int from = b.getInt();
        int seq = b.getInt();
        if (from != id) {
            problems.add("connection " + id + " got reply " + seq + " of connection " + from);
        } else if (seq < 1 || seq > REQUESTS) {
            problems.add("connection " + id + " got sequence number " + seq);
        } else if (seen[seq]) {
            problems.add("connection " + id + " got reply " + seq + " twice");
        } else {
            seen[seq] = true;
        }
    }

    static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
