package dev.ockamj.node.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.node.codec.NeutralMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * vectors/relay-messages.json: the registration and its answer have Ockam's bytes (relay_service.rs, relay.rs,
 * remote/worker.rs, remote/lifecycle.rs at fb8fb64), and ockamj's relay service acts on them as Ockam's does, on one
 * node (as Ockam's {@code ockam/tests/relay.rs} test1).
 */
class RelayWireTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HexFormat HEX = HexFormat.of();

    private Node node;

    @BeforeEach
    void start() {
        node = Node.builder().name("relay-wire").start();
    }

    @AfterEach
    void stop() {
        node.stop();
    }

    // ---- the vectors ----

    private static JsonNode file() throws IOException {
        try (InputStream in = RelayWireTest.class.getResourceAsStream("/vectors/relay-messages.json")) {
            assertNotNull(in, "vectors/relay-messages.json is not on the test class path");
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        assertFalse(out.isEmpty());
        return out;
    }

    private static JsonNode vector(String name) throws IOException {
        for (JsonNode c : list(file().get("cases"))) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no vector " + name);
    }

    private static byte[] bytes(JsonNode c) {
        return HEX.parseHex(c.get("hex").asText());
    }

    @Test
    void vectorsEncodeAndDecodeAsBareStrings() throws IOException {
        List<JsonNode> all = new ArrayList<>(list(file().get("cases")));
        all.addAll(list(file().get("refused_by_ockamj").get("cases")));
        for (JsonNode c : all) {
            String name = c.get("name").asText();
            String value = c.get("value").asText();
            byte[] expected = bytes(c);
            byte[] got = Bare.encode(value);
            assertArrayEquals(expected, got, name + ": expected " + HEX.formatHex(expected) + ", got " + HEX.formatHex(got));
            assertEquals(value, Bare.decode(expected, String.class), name);
        }
        // the lengths that need a second uleb128 byte
        assertEquals("8001", vector("registration_128_chars").get("hex").asText().substring(0, 4));
        assertEquals("8201", vector("registration_130_chars").get("hex").asText().substring(0, 4));
        assertEquals(130, vector("registration_130_chars").get("value").asText().length());
    }

    @Test
    void prefixAndAddressesAreOckams() throws IOException {
        JsonNode f = file();
        assertEquals(f.get("prefix").asText(), "forward_to_");
        assertEquals("static_forwarding_service", RelayService.STATIC_ADDRESS);
        assertEquals("forwarding_service", RelayService.ADDRESS);
        assertEquals(vector("registration_n2").get("to").asText(), RelayService.STATIC_ADDRESS);
        assertEquals(vector("registration_random").get("to").asText(), RelayService.ADDRESS);
        assertEquals(f.get("prefix").asText() + vector("registration_n2").get("value").asText(),
                vector("reply_forward_to_n2").get("value").asText());
    }

    // ---- the behaviour, on one node ----

    /** Tells the registering worker to send {@code body} along {@code route} from its own address. */
    private record Register(Route route, byte[] body) {
    }

    /** The registering side, by hand: sends raw registration bytes, keeps every other message it receives. */
    private static final class Registrar implements Worker<Object> {
        final BlockingQueue<Routed<Object>> received = new LinkedBlockingQueue<>();

        @Override
        public void handleMessage(Context ctx, Routed<Object> msg) {
            if (msg.body() instanceof Register r) {
                ctx.send(r.route(), NeutralMessage.wrap(r.body()));
            } else {
                received.add(msg);
            }
        }

        Routed<Object> next(Duration timeout) throws InterruptedException {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A local String arrives as-is; raw bytes would need decoding. Checks the bytes against the vector too. */
    private static String replyText(Routed<Object> reply, byte[] expectedBytes) {
        Object body = reply.body();
        if (body instanceof NeutralMessage n) {
            assertArrayEquals(expectedBytes, n.bytes(), "reply bytes: got " + HEX.formatHex(n.bytes()));
            return Bare.decode(n.bytes(), String.class);
        }
        String s = (String) body;
        assertArrayEquals(expectedBytes, Bare.encode(s), "reply bytes: got " + HEX.formatHex(Bare.encode(s)));
        return s;
    }

    private static Address last(Route route) {
        return route.get(route.size() - 1);
    }

    /**
     * The service's relays once they are {@code expected}: the service records a relay right after starting it,
     * while the relay's own initialize may already have sent the answer, so the answer can come first.
     */
    private static List<Relay> awaitRelays(RelayService service, List<Address> expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Relay> relays = service.relays();
        while (!relays.stream().map(Relay::address).toList().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            relays = service.relays();
        }
        assertEquals(expected, relays.stream().map(Relay::address).toList(), relays.toString());
        return relays;
    }

    private Registrar registrar(String address) {
        Registrar r = new Registrar();
        node.startWorker(address, r);
        return r;
    }

    private void register(String registrar, Route route, byte[] body) {
        node.send(Route.of(registrar), new Register(route, body));
    }

    /** Answers with the body, and keeps what it received. */
    private static final class Echo implements Worker<Object> {
        final BlockingQueue<Routed<Object>> seen = new LinkedBlockingQueue<>();

        @Override
        public void handleMessage(Context ctx, Routed<Object> msg) {
            seen.add(msg);
            ctx.send(msg.returnRoute(), msg.body());
        }
    }

    @Test
    void aRegistrationOfTheVectorsBytesCreatesTheRelayThatForwardsToTheRegisteringNode() throws Exception {
        RelayService service = RelayService.start(node, RelayServiceOptions.defaults());
        Registrar reg = registrar("reg");
        Echo echo = new Echo();
        node.startWorker("echo", echo);

        register("reg", Route.of(RelayService.STATIC_ADDRESS), bytes(vector("registration_n2")));

        Routed<Object> reply = reg.next(WAIT);
        assertNotNull(reply, "no answer to the registration");
        JsonNode expected = vector("reply_forward_to_n2");
        assertEquals("forward_to_n2", replyText(reply, bytes(expected)));
        // relay.rs initialize: sent with the return route [relay address]
        assertEquals(Address.local(expected.get("from_address").asText()), last(reply.returnRoute()),
                "return route " + reply.returnRoute());
        assertEquals(Route.of("forward_to_n2"), reply.returnRoute());

        List<Relay> relays = awaitRelays(service, List.of(Address.local("forward_to_n2")));
        // the registration's return route [reg] minus its last hop (relay.rs initialize: pop_back)
        assertEquals(Route.empty(), relays.get(0).forwardRoute());

        // relay.rs handle_message: pop the relay off the onward route, put the forward route in front
        node.send(Route.of("forward_to_n2", "echo"), "Hello");
        Routed<String> back = node.receive(String.class, WAIT);
        assertEquals("Hello", back.body());
        Routed<Object> atEcho = echo.seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(atEcho);
        assertEquals(Route.of("echo"), atEcho.onwardRoute());
        // the relay leaves the return route as it was (relay.rs line 86-109 touches only the onward route)
        assertEquals(Route.of("app"), atEcho.returnRoute());
        assertNull(reg.next(Duration.ofMillis(100)), "the registering worker got a message not meant for it");
    }

    @Test
    void theRelayForwardsAlongTheRegistrationsReturnRouteMinusItsLastHop() throws Exception {
        RelayService service = RelayService.start(node, RelayServiceOptions.defaults());
        Registrar reg = registrar("reg");
        node.startWorker("h1", (Worker<Object>) (ctx, msg) -> ctx.forward(msg.stepForward()));
        Echo echo = new Echo();
        node.startWorker("echo", echo);

        // through a hop: the service sees the return route [h1, reg]
        register("reg", Route.of("h1", RelayService.STATIC_ADDRESS), bytes(vector("registration_n2")));

        Routed<Object> reply = reg.next(WAIT);
        assertNotNull(reply, "no answer to the registration");
        assertEquals("forward_to_n2", replyText(reply, bytes(vector("reply_forward_to_n2"))));
        // the answer went back along [h1, reg]; h1 pushed itself in front of the relay's address
        assertEquals(Route.of("h1", "forward_to_n2"), reply.returnRoute());
        assertEquals(Address.local("forward_to_n2"), last(reply.returnRoute()));
        assertEquals(Route.of("h1"), awaitRelays(service, List.of(Address.local("forward_to_n2"))).get(0).forwardRoute());

        node.send(Route.of("forward_to_n2", "echo"), "Hello");
        assertEquals("Hello", node.receive(String.class, WAIT).body());
        Routed<Object> atEcho = echo.seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(atEcho);
        // [forward_to_n2, echo] became [h1, echo]: it went through h1
        assertEquals(Route.of("echo"), atEcho.onwardRoute());
        assertEquals(Route.of("h1", "app"), atEcho.returnRoute());
    }

    @Test
    void registerGivesARandomName() throws Exception {
        RelayService service = RelayService.start(node, RelayServiceOptions.defaults());
        Registrar reg = registrar("reg");
        register("reg", Route.of(RelayService.ADDRESS), bytes(vector("registration_random")));

        Routed<Object> reply = reg.next(WAIT);
        assertNotNull(reply, "no answer to the registration");
        String name = reply.body() instanceof NeutralMessage n ? Bare.decode(n.bytes(), String.class)
                : (String) reply.body();
        assertTrue(name.startsWith("forward_to_") && name.length() > "forward_to_".length(), name);
        assertFalse(name.equals("forward_to_register"), name);
        assertEquals(Address.local(name), last(reply.returnRoute()));
        awaitRelays(service, List.of(Address.local(name)));
    }

    @Test
    void aNameOf128CharactersIsRegistered() throws Exception {
        RelayService service = RelayService.start(node, RelayServiceOptions.defaults());
        Registrar reg = registrar("reg");
        JsonNode v = vector("registration_128_chars");
        register("reg", Route.of(RelayService.STATIC_ADDRESS), bytes(v));

        Routed<Object> reply = reg.next(WAIT);
        assertNotNull(reply, "no answer to the registration");
        String expected = "forward_to_" + v.get("value").asText();
        assertEquals(expected, replyText(reply, Bare.encode(expected)));
        assertEquals(Address.local(expected), last(reply.returnRoute()));
        awaitRelays(service, List.of(Address.local(expected)));
    }

    @Test
    void remoteRelayRegistersLocally() throws Exception {
        RelayService service = RelayService.start(node, RelayServiceOptions.defaults());
        Echo echo = new Echo();
        node.startWorker("echo", echo);
        try (RemoteRelay relay = RemoteRelay.create(node, () -> Route.empty(), "n2", RemoteRelayOptions.defaults())) {
            relay.registered().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(relay.isRegistered());
            assertEquals("forward_to_n2", relay.remoteAddress());
            assertEquals(Route.of("forward_to_n2"), relay.forwardingRoute());
            awaitRelays(service, List.of(Address.local("forward_to_n2")));

            // as Ockam's ockam/tests/relay.rs test1: the echo is reached through the relay
            node.send(relay.forwardingRoute().append(Address.local("echo")), "Hello");
            assertEquals("Hello", node.receive(String.class, WAIT).body());
        }
    }

    @Test
    void registrationsWithABadNameCreateNoRelay() throws Exception {
        RelayService service = RelayService.start(node, RelayServiceOptions.defaults());
        Registrar reg = registrar("reg");
        List<JsonNode> refused = list(file().get("refused_by_ockamj").get("cases"));
        for (JsonNode c : refused) {
            register("reg", Route.of(c.get("to").asText()), bytes(c));
        }
        assertNull(reg.next(Duration.ofMillis(500)), "a bad name was answered");
        assertEquals(List.of(), service.relays());
        for (JsonNode c : refused) {
            assertFalse(node.hasAddress(Address.local("forward_to_" + c.get("value").asText())), c.get("name").asText());
        }

        // the service is still there and takes a good name after them (it handles its messages in order)
        register("reg", Route.of(RelayService.STATIC_ADDRESS), bytes(vector("registration_n2")));
        Routed<Object> reply = reg.next(WAIT);
        assertNotNull(reply, "no answer to a good registration after the bad ones");
        assertEquals("forward_to_n2", replyText(reply, bytes(vector("reply_forward_to_n2"))));
        awaitRelays(service, List.of(Address.local("forward_to_n2")));
    }
}
