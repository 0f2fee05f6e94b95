package dev.ockamj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue's walkthrough and faults, with the real launcher and real background node processes. */
class CommandEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private OckamCli ockam;

    @BeforeEach
    void setUp() {
        ockam = new OckamCli(home);
    }

    @AfterEach
    void tearDown() throws Exception {
        ockam.deleteAllNodes();
    }

    private JsonNode nodes() throws Exception {
        return JSON.readTree(ockam.ok("node", "list", "--output", "json").out());
    }

    private JsonNode node(String name) throws Exception {
        for (JsonNode n : nodes()) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no node " + name + " in " + nodes());
    }

    @Test
    void theWalkthroughLineByLine() throws Exception {
        // » ockam node create            # random name, starts in the background
        OckamCli.Result created = ockam.ok("node", "create");
        assertTrue(created.out().matches("(?s)Node:\\n  Name: [0-9a-f]{8}\\n  Status: UP\\n.*"), created.out());
        String random = created.out().split("\n")[1].substring("  Name: ".length());

        // » ockam node create n1
        assertTrue(ockam.ok("node", "create", "n1").out().contains("Name: n1"));

        // » ockam node create n2 --foreground --verbose     # runs in this terminal, logs to it
        Process foreground = ockam.start("node", "create", "n2", "--foreground", "--verbose");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(node2Up()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals("UP", node("n2").get("state").asText());
        assertTrue(foreground.isAlive());
        String fgLog = Files.readString(home.resolve("foreground.out"));
        assertTrue(fgLog.contains("node 'n2' is up"), fgLog);

        // » ockam node list              # every node with its status, pid, listener, default marker
        String list = ockam.ok("node", "list").out();
        assertTrue(list.contains("NAME") && list.contains("STATUS") && list.contains("PID") && list.contains("TCP LISTENER"), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith(random) && l.contains("UP") && l.trim().endsWith("*")), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("n1 ") && l.contains("UP") && l.contains("127.0.0.1:")), list);

        // » ockam node show n1
        String show = ockam.ok("node", "show", "n1", "--output", "plain").out();
        assertTrue(show.contains("Name: n1") && show.contains("Status: UP") && show.contains("/service/uppercase"), show);

        // » ockam worker list --at n1    # the node's workers, including echo and uppercase
        String workers = ockam.ok("worker", "list", "--at", "n1").out();
        assertTrue(workers.contains("/service/echo") && workers.contains("/service/uppercase"), workers);
        assertFalse(workers.contains("0#"), workers); // the form `--to` takes, as `service list` prints
        // JSON as Ockam's WorkerStatus, with --output before the subcommand as Ockam allows
        JsonNode workersJson = JSON.readTree(ockam.ok("--output", "json", "worker", "list", "--at", "n1").out());
        List<String> addrs = workersJson.findValuesAsText("addr");
        assertTrue(addrs.contains("echo") && addrs.contains("uppercase"), workersJson.toString());
        // the command's own short-lived management connection is in neither list: n1 has no other connection
        assertEquals("[ ]", ockam.ok("tcp-connection", "list", "--at", "n1", "--output", "json").out().trim());
        List<String> connectionAddresses = new ArrayList<>();
        for (String a : addrs) {
            if (a.matches("[0-9a-f]{32}")) {
                connectionAddresses.add(a);
            }
        }
        assertEquals(List.of(), connectionAddresses, workersJson.toString());

        // » ockam message send hello --to /node/n1/service/nope     # a typo: named at once, not a timeout
        OckamCli.Result missing = ockam.run("message", "send", "hello", "--to", "/node/n1/service/nope", "--timeout", "5m");
        assertEquals(1, missing.status(), missing.toString());
        assertTrue(missing.err().contains("node 'n1' has no service or worker 'nope' — see: ockam service list --at n1"),
                missing.toString());
        // --at is --from here too, as everywhere
        assertEquals("AT\n", ockam.ok("message", "send", "at", "--at", "n1", "--to", "/node/n1/service/uppercase").out());

        // » ockam service list --node n1
        String services = ockam.ok("service", "list", "--node", "n1").out();
        assertTrue(services.contains("/service/echo") && services.contains("/service/uppercase"), services);
        JsonNode servicesJson = JSON.readTree(ockam.ok("service", "list", "--node", "n1", "--output", "json").out());
        assertTrue(servicesJson.isArray() && servicesJson.size() >= 2, servicesJson.toString());

        // » ockam message send hello --to /node/n1/service/uppercase
        assertEquals("HELLO\n", ockam.ok("message", "send", "hello", "--to", "/node/n1/service/uppercase").out());

        // » ockam message send hello --to /node/n1/secure/api/service/uppercase   # encrypted end to end
        assertEquals("HELLO\n", ockam.ok("message", "send", "hello", "--to", "/node/n1/secure/api/service/uppercase").out());
        // the secure channel listener reaches the services only, not the node manager
        OckamCli.Result manager = ockam.run("message", "send", "x", "--to", "/node/n1/secure/api/service/_internal.nodemanager",
                "--timeout", "2s");
        assertEquals(1, manager.status(), manager.toString());
        assertTrue(manager.err().contains("no reply"), manager.toString());
        String identity = identityInLog("n1");

        // » ockam message send hello --to /ip4/127.0.0.1/tcp/PORT/service/echo
        String port = node("n1").get("tcpListener").asText().split(":")[1];
        assertEquals("hello\n", ockam.ok("message", "send", "hello", "--to", "/ip4/127.0.0.1/tcp/" + port + "/service/echo").out());

        // » ockam node stop n1           # stops the process, keeps its state
        long pid = node("n1").get("pid").asLong();
        assertTrue(ockam.ok("node", "stop", "n1").out().contains("stopped"));
        assertEquals("DOWN", node("n1").get("state").asText());
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        OckamCli.Result notRunning = ockam.run("message", "send", "hello", "--to", "/node/n1/service/uppercase");
        assertEquals(1, notRunning.status());
        assertTrue(notRunning.err().contains("node 'n1' is not running — start it with: ockam node start n1"), notRunning.toString());

        // » ockam node start n1          # starts it again, same name, same listener address when possible
        // (not a terminal: the node as node show prints it, Ockam's JSON)
        assertEquals("running", JSON.readTree(ockam.ok("node", "start", "n1").out()).get("status").asText());
        assertEquals("127.0.0.1:" + port, node("n1").get("tcpListener").asText());
        assertEquals("HELLO\n", ockam.ok("message", "send", "hello", "--to", "/node/n1/service/uppercase").out());
        assertEquals(identity, identityInLog("n1"), "the node keeps its identity across a restart");

        // » ockam node delete n1         # stops it and removes its state
        long pid2 = node("n1").get("pid").asLong();
        ockam.ok("node", "delete", "n1");
        assertTrue(nodes().findValuesAsText("name").stream().noneMatch("n1"::equals));
        assertTrue(ProcessHandle.of(pid2).map(p -> !p.isAlive()).orElse(true));
        OckamCli.Result gone = ockam.run("node", "show", "n1");
        assertEquals(1, gone.status());
        assertTrue(gone.err().contains("node 'n1' does not exist — see: ockam node list"), gone.toString());

        // » ockam node delete --all -y
        ockam.ok("node", "delete", "--all", "-y");
        assertEquals(0, nodes().size());
        assertTrue(foreground.waitFor(60, TimeUnit.SECONDS), "the foreground node stops when deleted");
    }

    /** Node {@code name}'s log: the file whose path {@code node logs} prints, as a script reads it. */
    private String logOf(String name) throws Exception {
        return java.nio.file.Files.readString(java.nio.file.Path.of(ockam.ok("node", "logs", name).out().trim()));
    }

    /** The identifier the node's latest start logged. */
    private String identityInLog(String name) throws Exception {
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("identity (I[0-9a-f]{64})")
                .matcher(logOf(name));
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertFalse(ids.isEmpty(), "no identity in the log of " + name);
        return ids.get(ids.size() - 1);
    }

    private boolean node2Up() throws Exception {
        for (JsonNode n : nodes()) {
            if (n.get("name").asText().equals("n2") && n.get("state").asText().equals("UP")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void killNineShowsZombieThenStartRecovers() throws Exception {
        ockam.ok("node", "create", "k1");
        long pid = node("k1").get("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!node("k1").get("state").asText().equals("ZOMBIE") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("ZOMBIE", node("k1").get("state").asText());
        assertTrue(ockam.ok("node", "list").out().contains("ZOMBIE"));
        assertTrue(ockam.ok("node", "start", "k1", "--output", "plain").out().contains("Status: UP"));
        assertNotEquals(pid, node("k1").get("pid").asLong());
        assertEquals("K1\n", ockam.ok("message", "send", "k1", "--to", "/node/k1/service/uppercase").out());
    }

    @Test
    void twoNodesMessageEachOtherThroughATcpConnection() throws Exception {
        // » ockam identity create alice ; ockam node create a --identity alice
        String alice = ockam.ok("identity", "create", "alice").out().trim();
        assertTrue(alice.matches("I[0-9a-f]{64}"), alice);
        assertTrue(ockam.ok("identity", "create", "kms", "--key-type", "p256").out().trim().matches("I[0-9a-f]{64}"));
        String identities = ockam.ok("identity", "list").out();
        assertTrue(identities.contains("alice") && identities.contains(alice) && identities.contains("P-256"), identities);
        assertEquals(alice, ockam.ok("identity", "show", "alice").out().trim());
        ockam.ok("node", "create", "a", "--identity", "alice");
        ockam.ok("node", "create", "b");
        String created = ockam.ok("tcp-connection", "create", "--from", "a", "--to", "/node/b").out();
        String worker = created.lines().filter(l -> l.contains("/worker/")).findFirst().orElseThrow().trim()
                .substring("Address: ".length());
        assertTrue(ockam.ok("tcp-connection", "list", "--from", "a").out().contains("Outgoing"));
        // from node a, through its connection, to b's uppercase
        assertEquals("VIA A\n", ockam.ok("message", "send", "via a", "--from", "a", "--to", worker + "/service/uppercase").out());
        // and through a hop service started on b
        ockam.ok("service", "start", "hop", "--addr", "h1", "--at", "b");
        assertTrue(ockam.ok("service", "list", "--node", "b").out().contains("/service/h1"));
        assertEquals("HOPPED\n", ockam.ok("message", "send", "hopped", "--from", "a", "--to", "/node/b/service/h1/service/uppercase").out());
        assertEquals("6869", ockam.ok("message", "send", "6869", "--hex", "--from", "b", "--to", "/node/a/service/echo").out().trim());

        // » ockam secure-channel create --from a --to /node/b/service/api    # a's identity to b's, end to end
        String sc = ockam.ok("secure-channel", "create", "--from", "a", "--to", "/node/b/service/api").out();
        String channel = sc.lines().filter(l -> l.contains("Address: /service/")).findFirst().orElseThrow().trim()
                .substring("Address: ".length());
        assertTrue(sc.contains("Secure channel from node a to I"), sc);
        // » ockam identity show --at b       # the identifier a's channel verified
        String b = ockam.ok("identity", "show", "--at", "b").out().trim();
        assertTrue(b.matches("I[0-9a-f]{64}"), b);
        assertTrue(sc.contains("to " + b), sc);
        assertTrue(ockam.ok("identity", "show", "--at", "b", "--full").out().contains("Change history: 81"));
        String a = ockam.ok("identity", "show", "--at", "a").out().trim();
        assertEquals(alice, a, "node a has the identity it was created with");
        // --authorized: only that peer
        String onlyB = ockam.ok("secure-channel", "create", "--from", "a", "--to", "/node/b/service/api", "--authorized", b)
                .out();
        assertTrue(onlyB.contains("to " + b), onlyB);
        OckamCli.Result refused = ockam.run("secure-channel", "create", "--from", "a", "--to", "/node/b/service/api",
                "--authorized", a);
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().contains("the trust policy refuses " + b), refused.toString());
        OckamCli.Result refusedSend = ockam.run("message", "send", "x", "--to", "/node/b/secure/api/service/uppercase",
                "--authorized", a);
        assertEquals(1, refusedSend.status(), refusedSend.toString());
        assertEquals("X\n", ockam.ok("message", "send", "x", "--to", "/node/b/secure/api/service/uppercase",
                "--authorized", b).out());
        ockam.ok("secure-channel", "delete", onlyB.replaceAll("(?s).*Address: (/service/[0-9a-f]+).*", "$1"), "--at", "a", "--yes");
        String listedA = ockam.ok("secure-channel", "list", "--at", "a").out();
        assertTrue(listedA.contains(channel) && listedA.contains("initiator"), listedA);
        JsonNode listedB = JSON.readTree(ockam.ok("secure-channel", "list", "--at", "b", "--output", "json").out());
        assertEquals(1, listedB.size(), listedB.toString());
        assertEquals(false, listedB.get(0).get("initiator").asBoolean());
        // » ockam message send secret --from a --to /service/CHANNEL/service/uppercase
        assertEquals("SECRET\n", ockam.ok("message", "send", "secret", "--from", "a", "--to", channel + "/service/uppercase").out());
        // » ockam secure-channel delete /service/CHANNEL --at a     # b's side closes too
        assertTrue(ockam.ok("secure-channel", "delete", channel, "--at", "a", "--yes").out().contains("closed"));
        assertEquals("[ ]", ockam.ok("secure-channel", "list", "--at", "a", "--output", "json").out().trim());
        // » ockam message send hi --from a --to /node/b/secure/api/service/uppercase   # a's identity, a channel for it
        assertEquals("HI\n", ockam.ok("message", "send", "hi", "--from", "a", "--to", "/node/b/secure/api/service/uppercase",
                "--authorized", b).out());
        assertEquals("[ ]", ockam.ok("secure-channel", "list", "--at", "a", "--output", "json").out().trim());
    }

    @Test
    void secretsAreOwnerOnlyAndAWrongSecretIsRefused() throws Exception {
        ockam.ok("node", "create", "s1");
        ockam.ok("identity", "create", "s1-identity");
        Path secret = home.resolve("nodes/s1/secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("nodes/s1"))));
        // every file that node create (and the node it started) wrote is owner-only: log, record, lock, default
        try (var files = Files.walk(home)) {
            for (Path p : files.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
            }
        }
        var store = new dev.ockamj.command.state.NodeStore(home);
        try (ManagerClient client = new ManagerClient(store)) {
            var record = store.get("s1").orElseThrow();
            var refused = client.request(record, "not-the-secret", "workers.list", java.util.List.of(), java.time.Duration.ofSeconds(20));
            assertTrue(!refused.ok() && refused.error().startsWith("unauthorized"), refused.toString());
            var noSecret = client.request(record, "", "stop", java.util.List.of(), java.time.Duration.ofSeconds(20));
            assertTrue(!noSecret.ok(), noSecret.toString());
            var accepted = client.request(record, store.secret("s1"), "workers.list", java.util.List.of(), java.time.Duration.ofSeconds(20));
            assertTrue(accepted.ok(), accepted.toString());
        }
        assertEquals("UP", node("s1").get("state").asText(), "the refused stop must not have stopped the node");
        String log = logOf("s1");
        assertTrue(log.contains("refused a request without the node's secret"), log);
    }

    @Test
    void badInputGetsAClearErrorAndStatus() throws Exception {
        OckamCli.Result r = ockam.run("message", "send", "x", "--to", "/ip4/300.1.1.1/tcp/4000/service/echo");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("'300.1.1.1' is not an IPv4 address"), r.toString());
        r = ockam.run("message", "send", "x", "--to", "/node/n9/service/echo");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("node 'n9' does not exist — see: ockam node list"), r.toString());
        r = ockam.run("message", "send", "x", "--to", "/tcp/4000");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: invalid multiaddr"), r.toString());
        r = ockam.run("node", "create", "bad name!");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("bad name!"), r.toString());
        r = ockam.run("node", "stop", "n9");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("node 'n9' does not exist — see: ockam node list"), r.toString());
        r = ockam.run("node", "frobnicate");
        assertEquals(2, r.status(), r.toString());
    }

    @Test
    void noReplyIsReportedWithTheTimeout() throws Exception {
        ockam.ok("node", "create", "t1");
        // by /ip4 the command cannot ask the node first (by /node it names a missing service at once: the walkthrough)
        String to = "/ip4/127.0.0.1/tcp/" + node("t1").get("tcpListener").asText().split(":")[1] + "/service/nothing-here";
        OckamCli.Result r = ockam.run("message", "send", "x", "--to", to, "--timeout", "2s");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no reply from " + to + " within 2s"), r.toString());
        assertTrue(r.err().contains("ockam service list --at NODE"), r.toString());
    }
}
