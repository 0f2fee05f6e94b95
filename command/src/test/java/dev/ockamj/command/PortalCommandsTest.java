package dev.ockamj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relays and portals from the command line, as a user runs them: real {@code ./ockam} processes, background
 * nodes, Python's {@code http.server} behind an outlet and {@code curl} through an inlet — directly through a
 * secure channel to n2's api, and through a relay n2 registered on n1.
 */
class PortalCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path www;

    private OckamCli ockam;
    private Process server;

    @BeforeEach
    void setUp() {
        ockam = new OckamCli(home);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.destroyForcibly();
        }
        ockam.deleteAllNodes();
    }

    @Test
    void curlThroughAnOutletAndInletDirectlyAndThroughARelay() throws Exception {
        byte[] file = new byte[4 << 20];
        new Random().nextBytes(file);
        Files.write(www.resolve("blob"), file);
        String expected = sha256(file);
        int httpPort = freePort();
        server = new ProcessBuilder("python3", "-m", "http.server", "--bind", "127.0.0.1", Integer.toString(httpPort))
                .directory(www.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("http.log").toFile()).start();
        awaitPort(httpPort);

        ockam.ok("node", "create", "n1");
        ockam.ok("node", "create", "n2");

        // every node runs the relay service, listed as a service
        String show = ockam.ok("node", "show", "n1", "--output", "plain").out();
        assertTrue(show.contains("relay") && show.contains("/service/forwarding_service"), show);

        // (a) » ockam tcp-outlet create --at n2 --to 127.0.0.1:PORT
        String outlet = ockam.ok("tcp-outlet", "create", "--at", "n2", "--to", "127.0.0.1:" + httpPort).out();
        assertEquals("Created a new TCP Outlet in the Node n2 at /service/outlet bound to 127.0.0.1:" + httpPort + "\n", outlet);
        // » ockam tcp-inlet create --at n1 --from 127.0.0.1:0 --to /node/n2/secure/api/service/outlet
        JsonNode direct = JSON.readTree(ockam.ok("tcp-inlet", "create", "--at", "n1", "--from", "127.0.0.1:0",
                "--to", "/node/n2/secure/api/service/outlet", "--alias", "direct", "--output", "json").out());
        String directAddress = direct.get("bindAddress").asText();
        assertTrue(directAddress.matches("127\\.0\\.0\\.1:\\d+") && !directAddress.endsWith(":0"), direct.toString());
        assertEquals(expected, curl(directAddress), "through the inlet, directly");
        assertEquals(expected, curl(directAddress), "a second connection through the same inlet");

        // (b) » ockam relay create n2 --at /node/n1 --to n2        (Ockam: --at is the relay node, --to the one relayed to)
        String relay = ockam.ok("relay", "create", "n2", "--at", "/node/n1", "--to", "n2").out();
        assertTrue(relay.startsWith("Now relaying messages from /node/n1/service/forward_to_n2 → /node/n2/service/"), relay);
        // n1 serves it
        String served = ockam.ok("node", "show", "n1", "--output", "plain").out();
        assertTrue(served.contains("Relays:") && served.contains("/service/forward_to_n2"), served);
        // » ockam tcp-inlet create --at n1 --from 127.0.0.1:0 --to /node/n1/service/forward_to_n2/secure/api/service/outlet
        JsonNode relayed = JSON.readTree(ockam.ok("tcp-inlet", "create", "--at", "n1", "--from", "127.0.0.1:0",
                "--to", "/node/n1/service/forward_to_n2/secure/api/service/outlet", "--alias", "relayed",
                "--output", "json").out());
        String relayedAddress = relayed.get("bindAddress").asText();
        assertEquals(expected, curl(relayedAddress), "through the inlet, through the relay");

        // from a third node, /node/n1 is a TCP connection to n1, then the relay, then the channel to n2's api
        ockam.ok("node", "create", "n3");
        JsonNode fromN3 = JSON.readTree(ockam.ok("tcp-inlet", "create", "--at", "n3",
                "--to", "/node/n1/service/forward_to_n2/secure/api/service/outlet", "--output", "json").out());
        assertEquals(expected, curl(fromN3.get("bindAddress").asText()), "from n3, through the relay on n1");
        OckamCli.Result unknownRelayNode = ockam.run("relay", "create", "x", "--at", "n9", "--to", "n2");
        assertEquals(1, unknownRelayNode.status(), unknownRelayNode.toString());
        assertTrue(unknownRelayNode.err().contains("node 'n9' does not exist"), unknownRelayNode.toString());

        // (c) the lists show them
        JsonNode relays = JSON.readTree(ockam.ok("relay", "list", "--to", "n2", "--output", "json").out());
        assertEquals(1, relays.size(), relays.toString());
        assertEquals("n2", relays.get(0).get("name").asText());
        assertEquals("/service/forward_to_n2", relays.get(0).get("remoteAddress").asText());
        assertTrue(relays.get(0).get("registered").asBoolean(), relays.toString());
        String relayList = ockam.ok("relay", "list", "--to", "n2").out();
        assertTrue(relayList.contains("/service/forward_to_n2") && relayList.contains("UP"), relayList);
        String outlets = ockam.ok("tcp-outlet", "list", "--at", "n2").out();
        assertTrue(outlets.contains("/service/outlet") && outlets.contains("127.0.0.1:" + httpPort), outlets);
        String inlets = ockam.ok("tcp-inlet", "list", "--at", "n1").out();
        assertTrue(inlets.contains("direct") && inlets.contains(directAddress)
                && inlets.contains("relayed") && inlets.contains(relayedAddress), inlets);
        String inletShow = ockam.ok("tcp-inlet", "show", "relayed", "--at", "n1").out();
        assertTrue(inletShow.contains("/node/n1/service/forward_to_n2/secure/api/service/outlet"), inletShow);

        // the relay registers again over a new connection when its connection drops, and the relayed inlet makes a
        // new route (a new channel through the new relay) for the next client
        String before = relays.get(0).get("forwardingRoute").asText();
        JsonNode n2Connections = JSON.readTree(ockam.ok("tcp-connection", "list", "--at", "n2", "--output", "json").out());
        List<String> outgoing = new ArrayList<>(); // n1's inlet connected to n2 (Incoming); n2 connected to n1 for the relay
        n2Connections.forEach(c -> {
            if (c.get("mode").asText().equals("Outgoing")) {
                outgoing.add(c.get("address").asText());
            }
        });
        assertEquals(1, outgoing.size(), n2Connections.toString());
        ockam.ok("tcp-connection", "delete", outgoing.get(0), "--at", "n2", "--yes");
        JsonNode again = awaitRegisteredAgain(before);
        assertTrue(again.get("registered").asBoolean(), again.toString());
        assertEquals(expected, curl(relayedAddress), "through the relay, registered again");

        // bad input is named
        OckamCli.Result inUse = ockam.run("tcp-inlet", "create", "--at", "n1", "--from", directAddress,
                "--to", "/node/n2/secure/api/service/outlet");
        assertEquals(1, inUse.status(), inUse.toString());
        assertTrue(inUse.err().contains("cannot listen on " + directAddress), inUse.toString());
        OckamCli.Result unknownNode = ockam.run("tcp-inlet", "create", "--at", "n1", "--to", "/node/n9/secure/api/service/outlet");
        assertEquals(1, unknownNode.status(), unknownNode.toString());
        assertTrue(unknownNode.err().contains("node 'n9' does not exist"), unknownNode.toString());
        OckamCli.Result badAddr = ockam.run("tcp-inlet", "create", "--at", "n1", "--to", "/node/n2/bogus/x");
        assertEquals(1, badAddr.status(), badAddr.toString());
        assertTrue(badAddr.err().contains("bogus"), badAddr.toString());
        OckamCli.Result noOutlet = ockam.run("tcp-inlet", "create", "--at", "n1", "--to", "/node/n2/secure/api/service/nope",
                "--connection-wait", "3s");
        // the route is made (the channel opens), so the missing outlet shows up at the first connection, not here
        assertEquals(0, noOutlet.status(), noOutlet.toString());
        // a relay node that does not answer: created, said so, and it keeps trying (DOWN) until deleted
        int closed = freePort();
        String unreachable = ockam.ok("relay", "create", "x", "--at", "/ip4/127.0.0.1/tcp/" + closed, "--to", "n2",
                "--timeout", "2s").out();
        assertTrue(unreachable.contains("failed to connect to /ip4/127.0.0.1/tcp/" + closed), unreachable);
        assertTrue(ockam.ok("relay", "list", "--to", "n2").out().lines()
                .anyMatch(l -> l.trim().startsWith("x ") && l.contains("DOWN")));
        ockam.ok("relay", "delete", "x", "--at", "n2", "--yes");
        OckamCli.Result taken = ockam.run("tcp-outlet", "create", "--at", "n2", "--to", "127.0.0.1:" + httpPort);
        assertEquals(1, taken.status(), taken.toString());
        assertTrue(taken.err().contains("already has a worker at 'outlet'"), taken.toString());

        // delete removes them
        assertTrue(ockam.ok("tcp-inlet", "delete", "direct", "--at", "n1", "--yes").out().contains("deleted"));
        OckamCli.Result unconfirmed = ockam.run("tcp-inlet", "delete", "relayed", "--at", "n1");
        assertEquals(1, unconfirmed.status(), unconfirmed.toString());
        assertTrue(ockam.ok("tcp-inlet", "list", "--at", "n1").out().contains("relayed"));
        assertTrue(ockam.ok("tcp-inlet", "delete", "relayed", "--at", "n1", "-y").out().contains("deleted"));
        String inletsAfter = ockam.ok("tcp-inlet", "list", "--at", "n1").out();
        assertTrue(!inletsAfter.contains("direct") && !inletsAfter.contains("relayed"), inletsAfter);
        assertRefused(directAddress);
        assertTrue(ockam.ok("relay", "delete", "n2", "--at", "n2", "--yes").out().contains("deleted"));
        assertEquals("[ ]", ockam.ok("relay", "list", "--to", "n2", "--output", "json").out().trim());
        assertTrue(ockam.ok("tcp-outlet", "delete", "outlet", "--at", "n2", "--yes").out().contains("deleted"));
        assertTrue(!ockam.ok("tcp-outlet", "list", "--at", "n2").out().contains("/service/outlet"));
        OckamCli.Result gone = ockam.run("tcp-outlet", "delete", "outlet", "--at", "n2", "--yes");
        assertEquals(1, gone.status(), gone.toString());
        assertTrue(gone.err().contains("no TCP outlet at 'outlet'"), gone.toString());
    }

    /** The relay n2 created, once it is registered over a route other than {@code before}. */
    private JsonNode awaitRegisteredAgain(String before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode r = null;
        while (System.nanoTime() < deadline) {
            r = JSON.readTree(ockam.ok("relay", "show", "n2", "--at", "n2", "--output", "json").out());
            if (r.get("registered").asBoolean() && !r.get("forwardingRoute").asText().equals(before)) {
                return r;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the relay did not register again: " + r);
    }

    private String curl(String hostPort) throws Exception {
        Path out = Files.createTempFile(home, "curl", ".bin");
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "60", "-o", out.toString(),
                "http://" + hostPort + "/blob").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, p.exitValue(), "curl failed: " + log);
        return sha256(Files.readAllBytes(out));
    }

    private static void assertRefused(String hostPort) {
        String[] hp = hostPort.split(":");
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            throw new AssertionError("the deleted inlet still accepts connections at " + hostPort);
        } catch (IOException expected) {
            // closed
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("python3 http.server did not start on " + port);
    }
}
