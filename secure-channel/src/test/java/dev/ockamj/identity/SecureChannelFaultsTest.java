package dev.ockamj.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.testing.LogCapture;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input to secure channels from the network: a middle node that flips bits, replays, cuts or inflates what it
 * relays, and strangers that start handshakes and never finish. Nothing reaches a worker; the channel and the
 * node go on serving.
 */
class SecureChannelFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Node server;
    private Node middle;
    private Node client;
    private SecureChannels serverChannels;
    private SecureChannels clientChannels;
    private final List<Object> echoGot = new CopyOnWriteArrayList<>();
    /** What the middle node does to the next client-to-server message, then it goes back to relaying. */
    private final AtomicReference<UnaryOperator<byte[]>> tamper = new AtomicReference<>();
    private final AtomicReference<byte[]> lastFromClient = new AtomicReference<>();
    private Route toApi;
    private TcpConnection clientToServer;

    private static Node node(String name, String extra) {
        return Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s\n" + extra))
                .start();
    }

    @BeforeEach
    void start() {
        server = node("sf-server", "");
        middle = node("sf-middle", "");
        client = node("sf-client", "");
        serverChannels = SecureChannels.create(server);
        clientChannels = SecureChannels.create(client);
        server.startWorker("echoer", (Worker<Object>) (ctx, msg) -> {
            echoGot.add(msg.body());
            ctx.send(msg.returnRoute(), msg.body());
        });
        serverChannels.createListener("api", SecureChannelListenerOptions.defaults().allow("echoer")
                .handshakeTimeout(Duration.ofMillis(500)));
        TcpTransport serverTransport = TcpTransport.create(server);
        TcpListener serverTcp = serverTransport.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("api"));
        TcpTransport middleTcp = TcpTransport.create(middle);
        TcpConnection middleToServer = middleTcp.connect(serverTcp.hostPort());
        middle.startWorker("relay", new TamperingRelay(middleToServer.address(), lastFromClient, tamper));
        TcpListener middleListener = middleTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("relay"));
        TcpTransport clientTcp = TcpTransport.create(client);
        TcpConnection clientToMiddle = clientTcp.connect(middleListener.hostPort());
        clientToServer = clientTcp.connect(serverTcp.hostPort());
        toApi = Route.of(clientToMiddle.address(), Address.local("relay"), middleToServer.address(), Address.local("api"));
        // both incoming connections registered on the server before a test counts its workers
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (serverTransport.connections().size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, serverTransport.connections().size());
    }

    @AfterEach
    void stop() {
        client.stop();
        middle.stop();
        server.stop();
    }

    private String ask(SecureChannel c, String body, Duration timeout) {
        return client.request(c.route("echoer"), body, String.class, timeout).toCompletableFuture().join();
    }

    private void assertNoReply(SecureChannel c, String body) {
        CompletionException e = assertThrows(CompletionException.class, () -> ask(c, body, Duration.ofMillis(700)));
        assertEquals(OckamException.Kind.TIMEOUT, assertInstanceOf(OckamException.class, e.getCause()).kind());
    }

    @Test
    void aFlippedBitInAnyPartOfAMessageIsDroppedAndTheChannelGoesOn() {
        SecureChannel c = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("first", ask(c, "first", WAIT));
        int[] positions = {0, 7, 8, 20, -1}; // the nonce, the ciphertext, the tag (last byte)
        try (LogCapture log = new LogCapture("dev.ockamj.identity.internal.DecryptorRecipient")) {
            for (int p : positions) {
                tamper.set(b -> {
                    byte[] x = b.clone();
                    int i = p < 0 ? x.length + p : p;
                    x[i] ^= 0x10;
                    return x;
                });
                assertNoReply(c, "tampered at " + p);
            }
            assertTrue(log.lines(Level.WARN).stream().filter(l -> l.contains("dropped a message")).count() >= positions.length,
                    log.lines(Level.WARN).toString());
        }
        assertEquals("after", ask(c, "after", WAIT));
        assertTrue(echoGot.stream().noneMatch(b -> String.valueOf(b).contains("tampered")), echoGot.toString());
    }

    @Test
    void aReplayedMessageIsDropped() {
        SecureChannel c = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("once", ask(c, "once", WAIT));
        byte[] recorded = lastFromClient.get();
        int before = echoGot.size();
        tamper.set(b -> recorded); // the next message is replaced by the previous one, replayed
        assertNoReply(c, "replaced");
        assertEquals(before, echoGot.size(), "the replay reached the worker: " + echoGot);
        assertEquals("still", ask(c, "still", WAIT));
    }

    @Test
    void truncatedOrOversizeFirstMessagesStartNoChannelAndLeaveNothing() throws Exception {
        int workersBefore = server.listWorkers().size();
        for (UnaryOperator<byte[]> t : List.<UnaryOperator<byte[]>>of(b -> new byte[5], b -> new byte[70_000])) {
            tamper.set(t);
            OckamException e = assertThrows(OckamException.class,
                    () -> clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults().timeout(Duration.ofSeconds(1))));
            assertEquals(OckamException.Kind.TIMEOUT, e.kind());
        }
        awaitWorkers(workersBefore);
        // the listener still serves everyone else
        SecureChannel ok = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("fine", ask(ok, "fine", WAIT));
    }

    @Test
    void aHandshakeThatNeverFinishesIsCleanedUp() throws Exception {
        int workersBefore = server.listWorkers().size();
        // a stranger sends a valid first message and then nothing: its responder must not stay
        byte[] m1 = dev.ockamj.identity.internal.noise.NoiseXx.start(dev.ockamj.identity.internal.noise.NoiseXx.Role.INITIATOR,
                dev.ockamj.identity.internal.vault.X25519.generatePrivateKey()).writeMessage1(new byte[0]);
        for (int i = 0; i < 20; i++) {
            client.send(Route.of(clientToServer.address(), Address.local("api")), NeutralMessage.wrap(m1));
        }
        // the sends are still on their way: first see responders start, then all of them go and none come after
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.listWorkers().size() == workersBefore && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(server.listWorkers().size() > workersBefore, "no responder started");
        long quietSince = 0;
        while (System.nanoTime() < deadline) {
            if (server.listWorkers().size() > workersBefore) {
                quietSince = 0;
            } else if (quietSince == 0) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
                break; // longer than the handshake timeout: a responder started in it would have been seen
            }
            Thread.sleep(10);
        }
        assertEquals(workersBefore, server.listWorkers().size(), "workers left: " + server.listWorkers());
        assertEquals(List.of(), serverChannels.channels());
    }

    private void awaitWorkers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.listWorkers().size() > expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, server.listWorkers().size(), "workers left: " + server.listWorkers());
    }
}
