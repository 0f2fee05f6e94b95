package dev.ockamj.identity;

import static dev.ockamj.node.testing.Eventually.assertEventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The secure channels' Micrometer meters (issue 16): real nodes, real channels over TCP on 127.0.0.1 through a
 * middle node that can tamper with what the client sends the server (as in {@link SecureChannelFaultsTest}).
 */
class SecureChannelMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SERVER = "scm-server";
    private static final String CLIENT = "scm-client";
    private static final List<String> PER_CHANNEL = List.of("ockamj.secure_channel.messages.encrypted",
            "ockamj.secure_channel.messages.decrypted", "ockamj.secure_channel.rekeys");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Node server;
    private Node middle;
    private Node client;
    private SecureChannels serverChannels;
    private SecureChannels clientChannels;
    /** What the middle node does to the next client-to-server message, then it goes back to relaying. */
    private final AtomicReference<UnaryOperator<byte[]>> tamper = new AtomicReference<>();
    private final AtomicReference<byte[]> lastFromClient = new AtomicReference<>();
    private Route toApi;

    private static Node node(String name, SimpleMeterRegistry registry) {
        Node.Builder b = Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s"));
        return (registry == null ? b : b.meterRegistry(registry)).start();
    }

    @BeforeEach
    void start() {
        server = node(SERVER, registry);
        middle = node("scm-middle", null);
        client = node(CLIENT, registry);
        serverChannels = SecureChannels.create(server);
        clientChannels = SecureChannels.create(client);
        server.startWorker("echoer", new Echoer());
        serverChannels.createListener("api", SecureChannelListenerOptions.defaults().allow("echoer")
                .handshakeTimeout(Duration.ofMillis(500)));
        TcpListener serverTcp = TcpTransport.create(server).listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("api"));
        TcpTransport middleTcp = TcpTransport.create(middle);
        TcpConnection middleToServer = middleTcp.connect(serverTcp.hostPort());
        middle.startWorker("relay", new TamperingRelay(middleToServer.address(), lastFromClient, tamper));
        TcpListener middleListener = middleTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("relay"));
        TcpConnection clientToMiddle = TcpTransport.create(client).connect(middleListener.hostPort());
        toApi = Route.of(clientToMiddle.address(), Address.local("relay"), middleToServer.address(), Address.local("api"));
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

    /** A handshakes counter's count; NaN if there is none. */
    private double handshakes(String node, String role, String outcome, String reason) {
        Counter c = registry.find("ockamj.secure_channel.handshakes")
                .tags("node", node, "role", role, "outcome", outcome, "reason", reason).counter();
        return c == null ? Double.NaN : c.count();
    }

    private double rejected(String reason) {
        Counter c = registry.find("ockamj.secure_channel.messages.rejected").tags("node", SERVER, "reason", reason)
                .counter();
        return c == null ? Double.NaN : c.count();
    }

    /** A per-channel meter's count; NaN if the channel has none (any more). */
    private double perChannel(String name, SecureChannel c, String... tags) {
        Meter m = registry.find(name).tag("channel", c.address().valueString()).tags(tags).meter();
        if (m instanceof Counter counter) {
            return counter.count();
        }
        return m instanceof FunctionCounter f ? f.count() : Double.NaN;
    }

    private List<Meter> perChannelMeters(String node) {
        return PER_CHANNEL.stream().flatMap(n -> registry.find(n).tag("node", node).meters().stream()).toList();
    }

    private SecureChannel onlyServerChannel() throws InterruptedException {
        assertEventually(1, () -> serverChannels.channels().size(), WAIT);
        return serverChannels.channels().get(0);
    }

    @Test
    void aHandshakeCountsOnBothSidesAndTheChannelCountsItsMessagesAndRekeys() throws Exception {
        SecureChannel c = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals(1, handshakes(CLIENT, "initiator", "ok", ""));
        assertEventually(1, () -> handshakes(SERVER, "responder", "ok", ""), WAIT);
        assertEquals(0, handshakes(CLIENT, "responder", "ok", ""));
        assertEquals(0, handshakes(SERVER, "initiator", "ok", ""));
        assertEquals(0, handshakes(CLIENT, "initiator", "failed", "timeout"));
        SecureChannel s = onlyServerChannel();

        for (int i = 0; i < 70; i++) { // 70 each way: the keys renewed before nonces 32 and 64
            assertEquals("m" + i, ask(c, "m" + i, WAIT));
        }
        Counter encrypted = registry.find("ockamj.secure_channel.messages.encrypted")
                .tag("channel", c.address().valueString()).counter();
        assertNotNull(encrypted);
        assertEquals(CLIENT, encrypted.getId().getTag("node"));
        assertEquals("initiator", encrypted.getId().getTag("role"));
        assertEquals("", encrypted.getId().getTag("listener")); // this node opened it
        assertEquals(70, encrypted.count());
        assertEquals(70, perChannel("ockamj.secure_channel.messages.decrypted", c));
        // the server's side: its own channel address, the responder
        Counter serverDecrypted = registry.find("ockamj.secure_channel.messages.decrypted")
                .tags("node", SERVER, "role", "responder").counter();
        assertNotNull(serverDecrypted);
        assertEquals(s.address().valueString(), serverDecrypted.getId().getTag("channel"));
        assertEquals("api", serverDecrypted.getId().getTag("listener")); // the listener that accepted it
        assertEquals(70, serverDecrypted.count());
        assertEventually(70, () -> perChannel("ockamj.secure_channel.messages.encrypted", s), WAIT);
        for (SecureChannel side : List.of(c, s)) {
            assertEquals(2, perChannel("ockamj.secure_channel.rekeys", side, "key", "encryption"), side.toString());
            assertEquals(2, perChannel("ockamj.secure_channel.rekeys", side, "key", "decryption"), side.toString());
        }
        // one channel: one set of series per side, and nothing rejected
        assertEquals(4, perChannelMeters(CLIENT).size(), perChannelMeters(CLIENT).toString());
        assertEquals(4, perChannelMeters(SERVER).size(), perChannelMeters(SERVER).toString());
        for (String reason : List.of("malformed", "replayed", "decrypt_failed")) {
            assertEquals(0, rejected(reason), reason);
        }
    }

    @Test
    void aPeerTheTrustPolicyRefusesCountsAFailedHandshakeAndOpensNoChannelMeters() throws Exception {
        Identifier notTheServer = clientChannels.identity().identifier();
        OckamException e = assertThrows(OckamException.class, () -> clientChannels.createSecureChannel(toApi,
                SecureChannelOptions.defaults().trustPolicy(TrustPolicy.trustIdentifier(notTheServer))));
        assertEquals(OckamException.Kind.ACCESS_DENIED, e.kind());
        assertEquals(1, handshakes(CLIENT, "initiator", "failed", "trust_refused"));
        assertEquals(0, handshakes(CLIENT, "initiator", "ok", ""));
        // the server never hears message 3: its responder times out (the listener's 500 ms), once
        assertEventually(1, () -> handshakes(SERVER, "responder", "failed", "timeout"), WAIT);
        assertEquals(0, handshakes(SERVER, "responder", "ok", ""));
        assertEquals(0, handshakes(CLIENT, "initiator", "failed", "closed"));
        assertEquals(0, handshakes(SERVER, "responder", "failed", "closed"));
        assertEquals(List.of(), perChannelMeters(CLIENT));
        assertEquals(List.of(), perChannelMeters(SERVER));
    }

    @Test
    void aFirstMessageThatDoesNotDecodeFailsTheResponderAndTimesTheInitiatorOut() throws Exception {
        tamper.set(b -> new byte[5]);
        OckamException e = assertThrows(OckamException.class, () -> clientChannels.createSecureChannel(toApi,
                SecureChannelOptions.defaults().timeout(Duration.ofSeconds(1))));
        assertEquals(OckamException.Kind.TIMEOUT, e.kind());
        assertEquals(1, handshakes(CLIENT, "initiator", "failed", "timeout"));
        assertEquals(0, handshakes(CLIENT, "initiator", "failed", "closed"));
        assertEventually(1, () -> handshakes(SERVER, "responder", "failed", "bad_message"), WAIT);
        assertEquals(0, handshakes(SERVER, "responder", "failed", "timeout"));
        // and the listener still serves
        SecureChannel c = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("fine", ask(c, "fine", WAIT));
        assertEquals(1, handshakes(CLIENT, "initiator", "ok", ""));
        assertEventually(1, () -> handshakes(SERVER, "responder", "ok", ""), WAIT);
    }

    @Test
    void messagesTheDecryptorRefusesAreCountedByReasonAndTheChannelGoesOn() throws Exception {
        SecureChannel c = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("first", ask(c, "first", WAIT));
        byte[] first = lastFromClient.get(); // accepted: its nonce is used up
        SecureChannel s = onlyServerChannel();

        tamper.set(b -> {
            byte[] x = b.clone();
            x[20] ^= 0x10; // in the ciphertext: the nonce is fine, AES-GCM refuses it
            return x;
        });
        assertNoReply(c, "flipped");
        assertEventually(1, () -> rejected("decrypt_failed"), WAIT);

        tamper.set(b -> first);
        assertNoReply(c, "replaced by a replay");
        assertEventually(1, () -> rejected("replayed"), WAIT);

        tamper.set(b -> new byte[5]); // shorter than a nonce and a tag
        assertNoReply(c, "cut");
        assertEventually(1, () -> rejected("malformed"), WAIT);

        assertEquals("after", ask(c, "after", WAIT));
        assertEquals(1, rejected("decrypt_failed"));
        assertEquals(1, rejected("replayed"));
        assertEquals(1, rejected("malformed"));
        // the client encrypted all five; the server decrypted and answered the two that arrived intact
        assertEquals(5, perChannel("ockamj.secure_channel.messages.encrypted", c));
        assertEquals(2, perChannel("ockamj.secure_channel.messages.decrypted", s));
        assertEventually(2, () -> perChannel("ockamj.secure_channel.messages.encrypted", s), WAIT);
        assertEquals(2, perChannel("ockamj.secure_channel.messages.decrypted", c));
        // and the node opens new channels as before
        SecureChannel again = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("again", ask(again, "again", WAIT));
        assertEquals(2, handshakes(CLIENT, "initiator", "ok", ""));
    }

    private void assertNoReply(SecureChannel c, String body) {
        CompletionException e = assertThrows(CompletionException.class, () -> ask(c, body, Duration.ofMillis(700)));
        assertEquals(OckamException.Kind.TIMEOUT, assertInstanceOf(OckamException.class, e.getCause()).kind());
    }

    @Test
    void aClosedChannelsMetersLeaveTheRegistryOnBothSidesAndAStoppedNodesAllOfThem() throws Exception {
        SecureChannel c = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("x", ask(c, "x", WAIT));
        SecureChannel s = onlyServerChannel();
        assertEquals(4, perChannelMeters(CLIENT).size());
        assertEquals(4, perChannelMeters(SERVER).size());

        c.close();
        assertEquals(List.of(), perChannelMeters(CLIENT));
        assertEventually(0, () -> perChannelMeters(SERVER).size(), WAIT); // when the peer's Close arrives
        assertEquals(Double.NaN, perChannel("ockamj.secure_channel.messages.decrypted", s));
        assertEquals(1, handshakes(CLIENT, "initiator", "ok", "")); // the node's series stay with the node
        assertEquals(0, handshakes(CLIENT, "initiator", "failed", "closed"));

        // a second channel, then the server stops: its side's meters go with its node, the client's side with
        // the connection the channel ran over
        SecureChannel d = clientChannels.createSecureChannel(toApi, SecureChannelOptions.defaults());
        assertEquals("y", ask(d, "y", WAIT));
        assertEventually(4, () -> perChannelMeters(SERVER).size(), WAIT);
        assertEquals(4, perChannelMeters(CLIENT).size());
        server.stop();
        assertEquals(List.of(), perChannelMeters(SERVER));
        assertEquals(List.of(), registry.find("ockamj.secure_channel.handshakes").tag("node", SERVER).meters());
        assertEquals(List.of(), registry.find("ockamj.secure_channel.messages.rejected").tag("node", SERVER).meters());
        // the server's side told the client as it stopped; at the latest, the client's side closes with its first hop
        middle.stop();
        assertEventually(0, () -> perChannelMeters(CLIENT).size(), WAIT);
        assertEquals(2, handshakes(CLIENT, "initiator", "ok", ""));
        client.stop();
        assertEquals(List.of(), registry.find("ockamj.secure_channel.handshakes").meters());
    }
}
