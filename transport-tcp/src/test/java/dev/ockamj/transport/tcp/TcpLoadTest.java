package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.transport.tcp.wire.CborV1;
import dev.ockamj.transport.tcp.wire.TransportMessage;
import dev.ockamj.transport.tcp.wire.V1Outbound;
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
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Load on one node's TCP listener: many connections at once, each doing many request/replies with the echoer,
 * and peers that stop reading. Every test waits with deadlines and asserts correctness and bounds; the figures
 * (throughput, heap) are printed for docs/reliability.md, never asserted.
 */
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
        int threads = 8;
        Client[] clients = new Client[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            clients[i] = new Client(i, listener.socketAddress());
        }
        waitFor(() -> serverTcp.connections().size() == CONNECTIONS);
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    // this thread's clients, in rounds: each writes WINDOW requests, then reads WINDOW replies
                    for (int seq = 1; seq <= REQUESTS; seq += WINDOW) {
                        int last = Math.min(REQUESTS, seq + WINDOW - 1);
                        for (int c = first; c < CONNECTIONS; c += threads) {
                            clients[c].send(seq, last);
                        }
                        for (int c = first; c < CONNECTIONS; c += threads) {
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
        } finally {
            pool.shutdownNow();
        }
        long t1 = System.nanoTime();
        assertTrue(problems.isEmpty(), problems.size() + " problems, e.g. " + problems.stream().limit(5).toList());
        for (Client c : clients) {
            c.assertGotEachOfItsOwnOnce();
        }
        long in = serverTcp.connections().stream().mapToLong(TcpConnection::messagesIn).sum();
        long out = serverTcp.connections().stream().mapToLong(TcpConnection::messagesOut).sum();
        assertEquals((long) CONNECTIONS * REQUESTS, in, "requests the node read");
        assertEquals((long) CONNECTIONS * REQUESTS, out, "replies the node wrote");
        report("raw peers", t1 - t0);
        for (Client c : clients) {
            c.close();
        }
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
            TcpConnection c = clientTcp.connect(listener.address());
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

        void assertGotEachOfItsOwnOnce() {
            assertEquals(REQUESTS, received, "client " + id);
            for (int s = 1; s <= REQUESTS; s++) {
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
