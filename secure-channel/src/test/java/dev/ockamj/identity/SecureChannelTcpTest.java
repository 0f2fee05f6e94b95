package dev.ockamj.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secure channels between real nodes over real sockets on 127.0.0.1, directly and through a middle node. */
class SecureChannelTcpTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SECRET = "attack at dawn, 7f3a9c";

    private Node server;
    private Node middle;
    private Node client;
    private SecureChannels serverChannels;
    private SecureChannels clientChannels;
    private final List<Object> secretWorkerGot = new CopyOnWriteArrayList<>();
    private final List<Identifier> echoSawPeers = new CopyOnWriteArrayList<>();
    private final List<byte[]> middleSaw = new CopyOnWriteArrayList<>();
    private TcpConnection clientToServer;
    private TcpListener serverTcp;
    private final List<java.util.Map<String, String>> echoSawAttributes = new CopyOnWriteArrayList<>();
    private TcpConnection clientToMiddle;
    private TcpConnection middleToServer;

    private static Node node(String name) {
        return Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
    }

    @BeforeEach
    void start() {
        server = node("sc-server");
        middle = node("sc-middle");
        client = node("sc-client");
        serverChannels = SecureChannels.create(server);
        clientChannels = SecureChannels.create(client);
        server.startWorker("echoer", (Worker<Object>) (ctx, msg) -> {
            serverChannels.peerOf(msg).ifPresent(echoSawPeers::add);
            echoSawAttributes.add(serverChannels.attributesOf(msg));
            ctx.send(msg.returnRoute(), msg.body());
        });
        server.startWorker("secret", (Worker<Object>) (ctx, msg) -> secretWorkerGot.add(msg.body()));
        serverChannels.createListener("api", SecureChannelListenerOptions.defaults().allow("echoer"));
        serverTcp = TcpTransport.create(server).listen("127.0.0.1:0",
                TcpListenerOptions.defaults().allow("api"));
        TcpTransport clientTcp = TcpTransport.create(client);
        clientToServer = clientTcp.connect(serverTcp.hostPort());

        // the middle node's "relay" passes each message to its next hop, both ways (Ockam's hop), and keeps a copy
        TcpTransport middleTcp = TcpTransport.create(middle);
        middleToServer = middleTcp.connect(serverTcp.hostPort());
        middle.startWorker("relay", (Worker<NeutralMessage>) new Worker<NeutralMessage>() {
            @Override
            public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
                middleSaw.add(msg.body().bytes());
                ctx.forward(msg.withOnwardRoute(msg.onwardRoute().step())
                        .withReturnRoute(msg.returnRoute().prepend(Address.local("relay"))));
            }
        });
        TcpListener middleListener = middleTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("relay"));
        clientToMiddle = clientTcp.connect(middleListener.hostPort());
    }

    @AfterEach
    void stop() {
        client.stop();
        middle.stop();
        server.stop();
    }

    @Test
    void aRequestThroughAChannelOverTcpIsAnsweredAndTheServerKnowsWhoAsked() {
        SecureChannel c = clientChannels.createSecureChannel(Route.of(clientToServer.address(), Address.local("api")),
                SecureChannelOptions.defaults());
        assertEquals(serverChannels.identity().identifier(), c.peer());
        assertTrue(c.isInitiator() && c.isOpen());
        for (int i = 0; i < 100; i++) { // across three key renewals
            String reply = client.request(c.route("echoer"), SECRET + " " + i, String.class, WAIT)
                    .toCompletableFuture().join();
            assertEquals(SECRET + " " + i, reply);
        }
        assertEquals(clientChannels.identity().identifier(), echoSawPeers.get(0));
        assertEquals(1, serverChannels.channels().size());
        assertEquals(clientChannels.identity().identifier(), serverChannels.channels().get(0).peer());
    }

    @Test
    void throughAMiddleNodeTheMessageIsNeverInClear() {
        SecureChannel c = clientChannels.createSecureChannel(
                Route.of(clientToMiddle.address(), Address.local("relay"), middleToServer.address(), Address.local("api")),
                SecureChannelOptions.defaults());
        String reply = client.request(c.route("echoer"), SECRET, String.class, WAIT).toCompletableFuture().join();
        assertEquals(SECRET, reply);
        assertTrue(middleSaw.size() >= 4, "handshake and request went through the middle: " + middleSaw.size());
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        for (byte[] seen : middleSaw) {
            assertFalse(contains(seen, secret), "the middle node saw the message in clear");
            assertFalse(contains(seen, "echoer".getBytes(StandardCharsets.UTF_8)), "the middle node saw the route inside");
        }
    }

    @Test
    void aWorkerTheListenerDoesNotAllowIsNotReachable() {
        SecureChannel c = clientChannels.createSecureChannel(Route.of(clientToServer.address(), Address.local("api")),
                SecureChannelOptions.defaults());
        CompletionException e = assertThrows(CompletionException.class, () ->
                client.request(c.route("secret"), "hello", String.class, Duration.ofSeconds(1)).toCompletableFuture().join());
        assertEquals(OckamException.Kind.TIMEOUT, assertInstanceOf(OckamException.class, e.getCause()).kind());
        assertEquals(List.of(), secretWorkerGot);
        // and the channel still works
        assertEquals("ok", client.request(c.route("echoer"), "ok", String.class, WAIT).toCompletableFuture().join());
    }

    @Test
    void aPeerTheTrustPolicyRefusesGetsNoChannel() {
        Identifier someoneElse = clientChannels.identity().identifier(); // not the server
        OckamException e = assertThrows(OckamException.class, () -> clientChannels.createSecureChannel(
                Route.of(clientToServer.address(), Address.local("api")),
                SecureChannelOptions.defaults().trustPolicy(TrustPolicy.trustIdentifier(someoneElse))));
        assertEquals(OckamException.Kind.ACCESS_DENIED, e.kind());
        assertTrue(e.getMessage().contains(serverChannels.identity().identifier().toString()), e.getMessage());
        assertEquals(List.of(), clientChannels.channels());
    }

    @Test
    void aRouteWithoutAListenerTimesOut() {
        OckamException e = assertThrows(OckamException.class, () -> clientChannels.createSecureChannel(
                Route.of(clientToServer.address(), Address.local("echoer")),
                SecureChannelOptions.defaults().timeout(Duration.ofSeconds(1))));
        assertEquals(OckamException.Kind.TIMEOUT, e.kind());
        assertEquals(List.of(), clientChannels.channels());
    }

    @Test
    void closingTellsThePeer() throws Exception {
        SecureChannel c = clientChannels.createSecureChannel(Route.of(clientToServer.address(), Address.local("api")),
                SecureChannelOptions.defaults());
        assertEquals("x", client.request(c.route("echoer"), "x", String.class, WAIT).toCompletableFuture().join());
        c.close();
        assertFalse(c.isOpen());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!serverChannels.channels().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), serverChannels.channels());
        assertFalse(client.hasAddress(c.address()));
    }

    @Test
    void aCredentialFromATrustedAuthorityGivesThePeerItsAttributes() {
        CredentialIssuer authority = CredentialIssuer.create();
        CredentialIssuer stranger = CredentialIssuer.create();
        SecureChannelListener membersListener = serverChannels.createListener("members",
                SecureChannelListenerOptions.defaults().allow("echoer").authorities(authority.identity()));
        server.flowControls().addConsumer(Address.local("members"), serverTcp.flowControlId());
        Route members = Route.of(clientToServer.address(), Address.local("members"));

        String credential = authority.issue(clientChannels.identity(), java.util.Map.of("role", "member"),
                Duration.ofMinutes(10));
        SecureChannel c = clientChannels.createSecureChannel(members, SecureChannelOptions.defaults().credential(credential));
        assertEquals("hi", client.request(c.route("echoer"), "hi", String.class, WAIT).toCompletableFuture().join());
        assertEquals(java.util.Map.of("role", "member"), echoSawAttributes.get(echoSawAttributes.size() - 1));
        // access control by attribute: only members reach "members-only"
        dev.ockamj.node.WorkerBuilder.of((Worker<Object>) (ctx, msg) -> ctx.send(msg.returnRoute(), "welcome"))
                .address("members-only").incomingAccessControl(serverChannels.allowAttribute("role", "member")).start(server);
        server.flowControls().addConsumer(Address.local("members-only"), membersListener.flowControlId());
        assertEquals("welcome", client.request(c.route("members-only"), "in?", String.class, WAIT).toCompletableFuture().join());
        SecureChannel anonymous = clientChannels.createSecureChannel(members, SecureChannelOptions.defaults());
        CompletionException denied = assertThrows(CompletionException.class, () -> client.request(
                anonymous.route("members-only"), "in?", String.class, Duration.ofSeconds(1)).toCompletableFuture().join());
        assertEquals(OckamException.Kind.TIMEOUT, assertInstanceOf(OckamException.class, denied.getCause()).kind());
        // presented later in the channel's life (RefreshCredentials), in order with what follows it
        anonymous.presentCredential(credential);
        assertEquals("welcome", client.request(anonymous.route("members-only"), "in now?", String.class, WAIT)
                .toCompletableFuture().join());
        assertTrue(serverChannels.channels().stream().anyMatch(x -> x.attributes().equals(java.util.Map.of("role", "member"))
                && !x.isInitiator()));

        // a credential of an authority the listener does not trust: the channel opens, without attributes
        String untrusted = stranger.issue(clientChannels.identity(), java.util.Map.of("role", "admin"), Duration.ofMinutes(10));
        try (dev.ockamj.node.testing.LogCapture log = new dev.ockamj.node.testing.LogCapture(
                "dev.ockamj.identity.internal.ChannelHandshake")) {
            SecureChannel u = clientChannels.createSecureChannel(members, SecureChannelOptions.defaults().credential(untrusted));
            assertEquals("ho", client.request(u.route("echoer"), "ho", String.class, WAIT).toCompletableFuture().join());
            assertEquals(java.util.Map.of(), echoSawAttributes.get(echoSawAttributes.size() - 1));
            assertTrue(log.lines(ch.qos.logback.classic.Level.WARN).stream().anyMatch(l -> l.contains("not a trusted authority")),
                    log.lines(ch.qos.logback.classic.Level.WARN).toString());
        }
        // a credential of another identity is not this peer's
        String someoneElses = authority.issue(serverChannels.identity(), java.util.Map.of("role", "member"), Duration.ofMinutes(10));
        SecureChannel o = clientChannels.createSecureChannel(members, SecureChannelOptions.defaults().credential(someoneElses));
        client.request(o.route("echoer"), "x", String.class, WAIT).toCompletableFuture().join();
        assertEquals(java.util.Map.of(), echoSawAttributes.get(echoSawAttributes.size() - 1));
        // and the listener that trusts no authority gives no attributes even for a good credential
        SecureChannel plain = clientChannels.createSecureChannel(Route.of(clientToServer.address(), Address.local("api")),
                SecureChannelOptions.defaults().credential(credential));
        client.request(plain.route("echoer"), "y", String.class, WAIT).toCompletableFuture().join();
        assertEquals(java.util.Map.of(), echoSawAttributes.get(echoSawAttributes.size() - 1));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
