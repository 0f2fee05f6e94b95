package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Hop;
import dev.ockamj.node.testing.LogCapture;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.WorkerBuilder;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A stranger on a raw TCP connection, speaking the v1 wire, against a node whose listener allows only
 * {@code echoer} and {@code hop}: it tries every address the node has, directly and bounced through the hop, and
 * through the echoer's replies; nothing else is reached, the connection stays open, and the node's log lines stay
 * printable and short whatever the stranger sends.
 */
@Tag("hardening")
class StrangerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The longest log line the node may write because of a stranger (the longest seen here: about 700). */
    private static final int MAX_LINE = 2000;

    private Node server;
    private Node victim;
    private TcpTransport serverTcp;
    private TcpListener listener;
    private TcpTransport victimTcp;
    private final AtomicReference<Address> silentGot = new AtomicReference<>();
    private final Map<Address, AtomicInteger> received = new ConcurrentHashMap<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    /** Counts what reaches each of its addresses, and answers: a delivery would show on both sides. */
    private final class Counter implements Worker<Object> {
        @Override
        public void handleMessage(Context ctx, Routed<Object> msg) {
            received.computeIfAbsent(msg.destination(), a -> new AtomicInteger()).incrementAndGet();
            ctx.send(msg.returnRoute(), "reached " + msg.destination());
        }
    }

    private static Node node(String name) {
        return Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
    }

    @BeforeEach
    void start() {
        log.start();
        root.addAppender(log);
        server = node("stranger-server");
        victim = node("stranger-victim");
        server.startWorker("echoer", new Echoer());
        server.startWorker("hop", new Hop());
        server.startWorker("secret", new Counter());
        server.startWorker("_internal.secret", new Counter());
        server.startWorker("silent", (Worker<Object>) (ctx, msg) -> {
            silentGot.set(msg.returnRoute().next()); // the temporary address the server's request waits at
            received.computeIfAbsent(msg.destination(), a -> new AtomicInteger()).incrementAndGet();
        });
        // one worker, two addresses: only the first is allowed
        WorkerBuilder.of(new Counter()).address("two-faced").address("two-faced-private").start(server);
        serverTcp = TcpTransport.create(server);
        listener = serverTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("echoer", "hop", "two-faced"));
        victim.startWorker("victim-echo", new Counter());
        victimTcp = TcpTransport.create(victim);
        victimTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("victim-echo"));
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        server.stop();
        victim.stop();
    }

    private static byte[] frame(Route onward, Route back, byte[] payload) {
        return V1Outbound.frame(new TransportMessage(onward, back, payload));
    }

    private static RawPeer handshaken(InetSocketAddress to) throws Exception {
        RawPeer p = new RawPeer(to);
        assertEquals(1, p.readByte());
        p.write(new byte[] {1});
        return p;
    }

    /** Reads messages until one whose payload is {@code marker}; returns what came before it. */
    private static List<TransportMessage> readUntil(RawPeer peer, byte[] marker) throws Exception {
        List<TransportMessage> before = new ArrayList<>();
        while (true) {
            TransportMessage m = peer.readMessage();
            if (java.util.Arrays.equals(m.payload(), marker)) {
                return before;
            }
            before.add(m);
        }
    }

    /**
     * A stranger can make the node drop as many messages as it sends. The log gets a burst of lines and then a
     * few a second; every line held back is counted by the next line that passes, so the log still adds up.
     */
    @Test
    void aFloodOfUndeliverableMessagesIsCountedNotLoggedLineByLine() throws Exception {
        int flood = 20_000;
        long t0 = System.nanoTime();
        try (RawPeer p = handshaken(listener.socketAddress())) {
            java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < flood; i++) {
                frames.write(frame(Route.of("nobody"), Route.of("stranger"), Bare.encode("x" + i)));
            }
            p.write(frames.toByteArray());
            // the node routes a connection's frames in order: once the ping is answered, the flood was handled
            byte[] ping = Bare.encode("ping");
            p.write(frame(Route.of("echoer"), Route.of("stranger"), ping));
            readUntil(p, ping);
            Thread.sleep(3 * 1000 / LogLimit.PER_SECOND); // time for a line or two to pass again
            p.write(frame(Route.of("nobody"), Route.of("stranger"), Bare.encode("last")));
            p.write(frame(Route.of("echoer"), Route.of("stranger"), ping));
            readUntil(p, ping);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> lines;
        synchronized (log) {
            lines = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.startsWith("message not delivered: no worker has address 0#nobody")).toList();
        }
        long held = 0;
        java.util.regex.Pattern count = java.util.regex.Pattern.compile("\\[(\\d+) similar lines held back]$");
        for (String l : lines) {
            java.util.regex.Matcher m = count.matcher(l);
            if (m.find()) {
                held += Long.parseLong(m.group(1));
            }
        }
        System.out.printf("[figures] StrangerTest flood: %d messages to an unknown address, %d log lines, %d held back"
                + " and counted, %.2f s%n", flood + 1, lines.size(), held, seconds);
        assertEquals(flood + 1, lines.size() + held, "every dropped message is a line or counted by one");
        assertTrue(held > 0, "the last line counts those held back");
        assertTrue(lines.size() <= LogLimit.BURST + LogLimit.PER_SECOND * (seconds + 1),
                lines.size() + " lines in " + seconds + " s");
    }

    private long denials() {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(l -> l.contains("access denied") || l.contains("not delivered") || l.contains("not a local address"))
                    .count();
        }
    }

    @Test
    void aStrangerReachesOnlyWhatTheListenerAllowsAndCannotSoilTheLog() throws Exception {
        // what else lives on the server: an outgoing connection to another node, another peer's incoming
        // connection, and a request of the server's own program waiting for a reply at a temporary address
        TcpConnection toVictim = serverTcp.connect(victimAddress());
        InetSocketAddress at = listener.socketAddress();
        try (RawPeer bystander = handshaken(at); RawPeer stranger = handshaken(at)) {
            CompletableFuture<String> pending = server.request("silent", "waiting", String.class, Duration.ofMinutes(5))
                    .toCompletableFuture();
            TcpTransportTest.waitFor(() -> received.containsKey(Address.local("silent"))
                    && serverTcp.connections().size() >= 3);
            Address replyAddress = silentGot.get();

            Set<Address> targets = new LinkedHashSet<>(server.listWorkers());
            targets.add(Address.local("app"));
            targets.add(replyAddress);
            targets.add(Address.local("_internal.nodemanager"));
            targets.add(Address.local("two-faced-private"));
            targets.removeAll(List.of(Address.local("echoer"), Address.local("hop"), Address.local("two-faced")));
            for (TcpConnection c : serverTcp.connections()) {
                assertTrue(targets.contains(c.address()), "the connections are among the node's workers: " + c);
            }
            Route me = Route.of("stranger");
            byte[] hello = Bare.encode("let me in");
            int attempts = 0;
            for (Address t : targets) {
                for (Route onward : List.of(Route.of(t), Route.of(Address.local("hop"), t),
                        Route.of(Address.local("hop"), Address.local("hop"), t),
                        Route.of(t, Address.local("victim-echo")), Route.of(Address.local("hop"), t, Address.local("victim-echo")))) {
                    stranger.write(frame(onward, me, hello));
                    attempts++;
                }
                // reflected: the echoer answers along the return route, which starts with the stranger's connection
                stranger.write(frame(Route.of("echoer"), Route.of(t), hello));
            }
            // the hop must not dial out for the stranger either
            String victimHop = "1#" + victimAddress();
            stranger.write(frame(Route.of(Address.local("hop"), Address.parse(victimHop), Address.local("victim-echo")), me, hello));
            stranger.write(frame(Route.of(Address.parse(victimHop), Address.local("victim-echo")), me, hello));
            attempts += 2;

            // hostile bytes in addresses, routes and payloads
            List<Address> nasty = List.of(
                    Address.local("evil\nFAKE 12:00:00.000 ERROR forged line"),
                    Address.local("\r\u001b[31mred\u001b[0m\u001b]0;title\u0007"),
                    Address.local("\u202Eexe.txt"),
                    Address.local("nul\u0000byte"),
                    Address.of(0, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, 0x0A}),
                    Address.local("A".repeat(1_000_000)),
                    Address.local("\u001b[2J" + "\n".repeat(1000)));
            byte[] nastyPayload = ("\n\r\u001b[31m\u202E\u0000" + "B".repeat(1_000_000)).getBytes(StandardCharsets.UTF_8);
            for (Address n : nasty) {
                stranger.write(frame(Route.of(n), Route.of(n), nastyPayload));
                stranger.write(frame(Route.of(Address.local("hop"), n), Route.of(n), nastyPayload));
                stranger.write(frame(Route.of(Address.local("secret")), Route.of(n, n), nastyPayload));
                stranger.write(frame(Route.of(Address.local("hop"), Address.local("secret"), n), Route.of(n), nastyPayload));
                attempts += 4;
            }

            // everything sent before has been handled once these come back: the connection is read in order, and a
            // marker through the hop twice follows the bounced messages through its mailbox
            byte[] marker = Bare.encode("marker");
            stranger.write(frame(Route.of("echoer"), me, marker));
            List<TransportMessage> replies = readUntil(stranger, marker);
            byte[] marker2 = Bare.encode("marker2");
            stranger.write(frame(Route.of("hop", "hop", "echoer"), me, marker2));
            replies.addAll(readUntil(stranger, marker2));
            int expected = attempts;
            expectedProbes = attempts;
            targetCount = targets.size();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (denials() < expected && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(expected, denials(), "one denial per attempt: a missing one was delivered");

            assertEquals(Map.of("silent", 1), countsByName(), "nothing but the server's own request reached a worker");
            // the only replies are the echoer's reflections, on their way back to the stranger's side
            for (TransportMessage r : replies) {
                assertArrayEquals(hello, r.payload());
            }
            assertEquals(targets.size(), replies.size());
            assertFalse(pending.isDone(), "the server's own request was not answered by the stranger");
            assertThrows(OckamException.class, () -> server.receive(String.class, Duration.ofMillis(200)), "app got nothing");
            bystander.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, bystander::readByte, "the other peer got nothing");
            assertEquals(1, serverTcp.connections().stream().filter(c -> c.mode() == TcpConnection.Mode.OUTGOING).count(),
                    "no connection was opened for the stranger");
            assertTrue(toVictim.isOpen());

            // still open, still served
            stranger.write(frame(Route.of("echoer"), me, Bare.encode("still here")));
            assertArrayEquals(Bare.encode("still here"), stranger.readMessage().payload());
            stranger.write(frame(Route.of("two-faced"), me, Bare.encode("x")));
            assertEquals("reached 0#two-faced", Bare.decode(stranger.readMessage().payload(), String.class));
            assertTrue(serverTcp.connections().stream().allMatch(TcpConnection::isOpen));
        }
        int longest = assertLogIsClean();
        System.out.printf("[figures] stranger: %d probes at %d addresses (plus %d reflections), 0 delivered; %d log lines,"
                + " the longest %d chars%n", expectedProbes, targetCount, targetCount, log.list.size(), longest);
    }

    private int expectedProbes;
    private int targetCount;

    /** Replies through this node's own hops still come back: a reply keeps its flow through the hop, as allowed. */
    @Test
    void repliesStillComeBackThroughOurOwnHops() {
        server.startWorker("local-hop", new Hop());
        String reply = server.request("local-hop => 1#" + victimAddress() + " => victim-echo", "x", String.class, WAIT)
                .toCompletableFuture().join();
        assertEquals("reached 0#victim-echo", reply);
    }

    private String victimAddress() {
        return victimTcp.listeners().get(0).hostPort();
    }

    private Map<String, Integer> countsByName() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        received.forEach((a, n) -> out.put(a.valueString(), n.get()));
        return out;
    }

    /** Returns the length of the longest line. */
    private int assertLogIsClean() {
        int longest = 0;
        List<ILoggingEvent> events;
        synchronized (log) {
            events = List.copyOf(log.list);
        }
        assertFalse(events.isEmpty());
        for (ILoggingEvent e : events) {
            for (String text : LogCapture.texts(e)) {
                longest = Math.max(longest, text.length());
                assertTrue(text.length() <= MAX_LINE, "a log line of " + text.length() + " chars: " + text.substring(0, Math.min(300, text.length())));
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
                    boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
                    assertFalse(control || bidi || c == 0xfffd, String.format("U+%04X at %d in a log line: %s", (int) c, i,
                            text.substring(0, Math.min(300, text.length())).replaceAll("\\p{Cntrl}", "?")));
                }
            }
        }
        return longest;
    }
}
