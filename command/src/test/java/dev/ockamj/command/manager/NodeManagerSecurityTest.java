package dev.ockamj.command.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.testing.LogCapture;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The node manager behind a real TCP listener, in process, and an ockamj client over real TCP: every request that
 * does not carry exactly the node's secret is refused (and the refusal logged escaped), no management method runs,
 * malformed bodies are dropped, and the manager's listener reaches the node's services only.
 */
@Tag("hardening")
class NodeManagerSecurityTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private Node node;
    private Node client;
    private TcpTransport tcp;
    private TcpListener listener;
    private final AtomicBoolean stopCalled = new AtomicBoolean();
    private final AtomicInteger privateReached = new AtomicInteger();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        log.start();
        root.addAppender(log);
        node = Node.builder().name("managed").config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        tcp = TcpTransport.create(node);
        NodeManager manager = new NodeManager(node, tcp, SECRET, () -> stopCalled.set(true));
        manager.startDefaultServices();
        node.startWorker("private-worker", (Worker<Object>) (Context ctx, Routed<Object> msg) -> {
            privateReached.incrementAndGet();
            ctx.send(msg.returnRoute(), "reached");
        });
        listener = manager.listen("127.0.0.1:0");
        client = Node.builder().name("manager-client").config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        TcpTransport.create(client);
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        client.stop();
        node.stop();
    }

    private Route to(String... hops) {
        List<Address> route = new ArrayList<>();
        route.add(Address.of(1, listener.hostPort()));
        Arrays.stream(hops).map(Address::local).forEach(route::add);
        return Route.of(route);
    }

    private ManagerResponse call(String secret, String method, String... args) {
        return client.request(to(NodeManager.ADDRESS), new ManagerRequest(secret, method, List.of(args)),
                ManagerResponse.class, WAIT).toCompletableFuture().join();
    }

    private List<String> lines() {
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits (with a deadline) until {@code n} log lines contain one of {@code texts}. */
    private void awaitLines(long n, String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lines().stream().filter(l -> Arrays.stream(texts).anyMatch(l::contains)).count() < n) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + n + " lines with " + Arrays.toString(texts) + ": " + lines());
            Thread.sleep(10);
        }
    }

    @Test
    void onlyTheExactSecretIsAccepted() throws Exception {
        char last = SECRET.charAt(SECRET.length() - 1);
        List<String> wrong = List.of(
                "",
                "not-the-secret",
                SECRET.substring(0, SECRET.length() - 1) + (char) (last + 1), // one byte differs
                SECRET.substring(0, 63),                                      // a prefix
                SECRET.substring(0, 1),
                SECRET + "0",                                                 // the secret and more
                SECRET.toUpperCase(),                                         // same hex digits, other bytes
                " " + SECRET,
                SECRET + "\u0000",
                "x".repeat(1_000_000));                                       // huge
        int listenersBefore = tcp.listeners().size();
        int connectionsBefore = tcp.connections().size();
        for (String secret : wrong) {
            for (String[] call : List.of(new String[] {"service.start", "echo", "pwned"}, new String[] {"tcp-listener.create", "127.0.0.1:0"},
                    new String[] {"tcp-connection.create", listener.hostPort()}, new String[] {"tcp-listener.delete", listener.hostPort()},
                    new String[] {"stop"}, new String[] {"workers.list"},
                    new String[] {"message.send", "private-worker", "00", "1000"},
                    new String[] {"status\n\u001b[31mFAKE ERROR line\u202E"})) {
                ManagerResponse r = call(secret, call[0], Arrays.copyOfRange(call, 1, call.length));
                assertFalse(r.ok(), "accepted with secret of " + secret.length() + " chars: " + call[0]);
                assertTrue(r.error().startsWith("unauthorized"), r.error());
                assertEquals("", r.body());
            }
        }
        int refusals = wrong.size() * 8;
        awaitLines(refusals, "refused a request without the node's secret");
        System.out.printf("[figures] %d requests with %d wrong secrets (up to 1,000,000 chars) and 8 methods: all refused%n",
                refusals, wrong.size());

        // nothing ran
        assertFalse(node.hasAddress(Address.local("pwned")));
        assertEquals(listenersBefore, tcp.listeners().size());
        assertTrue(listener.isOpen());
        assertEquals(connectionsBefore + 1, tcp.connections().size(), "only the client's own connection");
        assertEquals(0, privateReached.get());
        assertFalse(stopCalled.get());
        assertFalse(node.whenStopped().toCompletableFuture().isDone());

        // the right secret works (and is the same check: a control)
        ManagerResponse ok = call(SECRET, "services.list");
        assertTrue(ok.ok(), ok.toString());
        assertTrue(ok.body().contains("nodemanager"), ok.body());
        assertCleanLog();
    }

    @Test
    void malformedBodiesAreDroppedAndNothingRuns() throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(new byte[0]);
        bodies.add(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
        bodies.add(Bare.encode("stop"));                                        // a string, not a request
        byte[] real = Bare.encode(new ManagerRequest(SECRET, "stop", List.of()));
        bodies.add(Arrays.copyOf(real, real.length - 1));                       // truncated, with the right secret
        byte[] badUtf8 = Bare.encode(new ManagerRequest("\u00e9" + SECRET.substring(1), "stop", List.of()));
        badUtf8[2] = (byte) 0xC3;                                               // é's bytes become C3 C3: not UTF-8
        bodies.add(badUtf8);
        byte[] hostile = ("\n\r\u001b[31m\u202E\u0000" + "z".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        bodies.add(hostile);
        for (byte[] b : bodies) {
            client.send(to(NodeManager.ADDRESS), NeutralMessage.wrap(b));
        }
        // each one is either not a request at all (dropped) or one without the secret (refused)
        awaitLines(bodies.size(), "dropped a message", "refused a request without the node's secret");
        System.out.printf("[figures] %d malformed bodies: %d dropped as not a request, %d refused as without the secret%n",
                bodies.size(), lines().stream().filter(l -> l.contains("dropped a message")).count(),
                lines().stream().filter(l -> l.contains("refused a request")).count());
        assertFalse(stopCalled.get());
        assertTrue(call(SECRET, "status").ok(), "the manager still answers");
        assertCleanLog();
    }

    @Test
    void theManagersListenerReachesTheServicesOnly() throws Exception {
        assertEquals("HELLO", client.request(to("uppercase"), "hello", String.class, WAIT).toCompletableFuture().join());
        client.send(to("private-worker"), "let me in");
        client.send(to("app"), "let me in");
        // an authorized user starts a hop service: it does not open the rest of the node either
        ManagerResponse started = call(SECRET, "service.start", "hop", "h1");
        assertTrue(started.ok(), started.toString());
        client.send(to("h1", "private-worker"), "let me in");
        client.send(to("h1", "app"), "let me in");
        awaitLines(4, "access denied");
        assertEquals("HOPPED", client.request(to("h1", "uppercase"), "hopped", String.class, WAIT).toCompletableFuture().join());
        assertEquals(0, privateReached.get());
        assertAppGotNothing();
        assertCleanLog();
    }

    private void assertAppGotNothing() {
        try {
            node.receive(String.class, Duration.ofMillis(200));
            throw new AssertionError("app got a message from the stranger");
        } catch (dev.ockamj.node.OckamException e) {
            assertEquals(dev.ockamj.node.OckamException.Kind.TIMEOUT, e.kind());
        }
    }

    /** No log line (message and exception messages) carries a control character, a bidi override, or runs long. */
    private void assertCleanLog() {
        List<ILoggingEvent> events;
        synchronized (log) {
            events = List.copyOf(log.list);
        }
        for (ILoggingEvent e : events) {
            for (String text : LogCapture.texts(e)) {
                String head = text.substring(0, Math.min(200, text.length())).replaceAll("\\p{Cntrl}", "?");
                assertTrue(text.length() <= 2000, "a log line of " + text.length() + " chars: " + head);
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
                    boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
                    assertFalse(control || bidi, String.format("U+%04X in a log line: %s", (int) c, head));
                }
            }
        }
    }
}
