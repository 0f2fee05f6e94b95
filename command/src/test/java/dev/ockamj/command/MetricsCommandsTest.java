package dev.ockamj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics from the command line (issue 16), as a user gets them: {@code node create --metrics-port} and Prometheus'
 * text at {@code GET /metrics}, scraped over real HTTP; {@code node show --metrics} as text and as JSON. Real
 * {@code ./ockam} processes and background nodes.
 *
 * <p>Counts are exact where the test can say which messages a node saw. A node counts a message as delivered when
 * it puts it in a mailbox: {@code message send … --to /node/N/service/echo} first asks N's manager for its workers
 * (the request, then its answer to the command's connection: 2) and then sends the message (to the echo, then the
 * echo's reply to the connection: 2), so 4 per send; a scrape is HTTP and no message.
 */
class MetricsCommandsTest {
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

    private JsonNode show(String node) throws Exception {
        return JSON.readTree(ockam.ok("node", "show", node, "--output", "json").out());
    }

    /** The properties of the node's record, {@code nodes/NAME/node.json}: where the node's ports are kept. */
    private JsonNode recorded(String node) throws IOException {
        return JSON.readTree(Files.readString(home.resolve("nodes").resolve(node).resolve("node.json"))).path("properties");
    }

    /** An HTTP answer: status, Content-Type, body. */
    private record Http(int status, String contentType, String body) {
    }

    /**
     * One HTTP request, as Prometheus makes it. (HttpURLConnection rather than java.net.http's client: the tests
     * are compiled into the command's module, which does not read java.net.http.)
     */
    private static Http http(String method, String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        if (method.equals("POST")) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write('x');
            }
        }
        try {
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Http(status, c.getContentType(), body);
        } finally {
            c.disconnect();
        }
    }

    private static Http get(String url) throws IOException {
        return http("GET", url);
    }

    /** The value of the one sample {@code name{labels}} in Prometheus' text {@code body}. */
    private static double sample(String body, String name, String labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$", Pattern.MULTILINE)
                .matcher(body);
        assertTrue(m.find(), "no sample " + name + "{" + labels + "} in:\n" + body);
        double value = Double.parseDouble(m.group(1));
        assertFalse(m.find(), "two samples " + name + "{" + labels + "} in:\n" + body);
        return value;
    }

    /** The value of the one row of {@code node show --metrics --output json} with this name and these tags. */
    private static double row(JsonNode rows, String name, String... tags) {
        List<Double> values = new ArrayList<>();
        for (JsonNode r : rows) {
            boolean match = r.get("name").asText().equals(name);
            for (int i = 0; i < tags.length; i += 2) {
                match &= r.path("tags").path(tags[i]).asText("\0").equals(tags[i + 1]);
            }
            if (match) {
                values.add(r.get("value").asDouble());
            }
        }
        assertEquals(1, values.size(), name + " " + List.of(tags) + " in " + rows);
        return values.get(0);
    }

    /** The value of the one line {@code series VALUE} of {@code node show --metrics} as text. */
    private static long line(String text, String series) {
        List<String> lines = text.lines().filter(l -> l.startsWith(series + " ")).toList();
        assertEquals(1, lines.size(), series + " in:\n" + text);
        return Long.parseLong(lines.get(0).substring(series.length() + 1));
    }

    @Test
    void aMetricsPortServesTheNodesCountersToPrometheusOnLoopback() throws Exception {
        // » ockam node create m1 --metrics-port 0      # a free port, recorded and shown by node show
        ockam.ok("node", "create", "m1", "--metrics-port", "0");
        String url = show("m1").get("metrics").asText();
        Matcher address = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics").matcher(url);
        assertTrue(address.matches(), url);
        int port = Integer.parseInt(address.group(1));
        assertNotEquals(0, port);
        assertEquals("0", recorded("m1").path("metrics-port").asText(), recorded("m1").toString());
        assertEquals("127.0.0.1:" + port, recorded("m1").path("metrics-address").asText(), recorded("m1").toString());
        String plain = ockam.ok("node", "show", "m1", "--output", "plain").out();
        assertTrue(plain.contains("\n  Metrics: " + url + "\n"), plain);

        Http before = get(url);
        assertEquals(200, before.status(), before.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", before.contentType());
        double delivered = sample(before.body(), "ockamj_node_messages_delivered_total", "node=\"m1\"");
        double routed = sample(before.body(), "ockamj_node_messages_routed_total", "node=\"m1\"");
        assertTrue(delivered > 0, before.body()); // node create and node show asked the node's manager

        // » ockam message send … --to /node/m1/service/echo, three times
        int sent = 3;
        for (int i = 0; i < sent; i++) {
            assertEquals("m" + i + "\n", ockam.ok("message", "send", "m" + i, "--to", "/node/m1/service/echo").out());
        }
        String after = get(url).body();
        // 4 per send (see the class comment): the question, its answer, the message, the echo's reply
        assertEquals(delivered + 4 * sent, sample(after, "ockamj_node_messages_delivered_total", "node=\"m1\""), after);
        assertEquals(routed + 4 * sent, sample(after, "ockamj_node_messages_routed_total", "node=\"m1\""), after);
        assertEquals(0, sample(after, "ockamj_node_messages_dropped_total", "node=\"m1\",reason=\"no_such_address\""));
        assertEquals(5, sample(after, "ockamj_node_workers", "node=\"m1\""), after); // its five services
        // the TCP transport's counters: each command's connection closed when the command ended
        assertTrue(sample(after, "ockamj_tcp_connections_closed_total", "node=\"m1\",reason=\"peer_closed\"") >= sent, after);

        // only /metrics: the status server's /show, the root and anything else are not here
        for (String path : List.of("/", "/show", "/metrics/x", "/nothing")) {
            assertEquals(404, get("http://127.0.0.1:" + port + path).status(), path);
        }
        assertEquals(405, http("POST", url).status());
        assertEquals(200, http("HEAD", url).status());

        // » ockam node stop m1 ; ockam node start m1  # the endpoint goes with the process, then comes back on its port
        ockam.ok("node", "stop", "m1");
        assertThrows(IOException.class, () -> get(url));
        assertTrue(show("m1").get("metrics").isNull(), "a stopped node serves no metrics");
        ockam.ok("node", "start", "m1");
        assertEquals(url, show("m1").get("metrics").asText(), "the same port again when it is free");
        String restarted = get(url).body();
        // a new process counts from zero: only what node start and the two node shows asked since
        assertTrue(sample(restarted, "ockamj_node_messages_delivered_total", "node=\"m1\"") < delivered + 4 * sent, restarted);
    }

    @Test
    void nodeShowMetricsPrintsTheSameCountersAsTextAndAsJson() throws Exception {
        ockam.ok("node", "create", "m2", "--metrics-port", "0");
        String listener = show("m2").get("tcpListener").asText();
        // a message m2 has no worker for, by /ip4 (the command does not ask the node first): one drop
        OckamCli.Result lost = ockam.run("message", "send", "x", "--to",
                "/ip4/127.0.0.1/tcp/" + listener.split(":")[1] + "/service/nowhere", "--timeout", "1s");
        assertEquals(1, lost.status(), lost.toString());
        // a connection from m2 to itself, and one message through it and back: the transport's per-connection meters
        String worker = ockam.ok("tcp-connection", "create", "--from", "m2", "--to", "/node/m2").out().lines()
                .filter(l -> l.contains("/worker/")).findFirst().orElseThrow().trim().substring("Address: /worker/".length());
        assertEquals("THROUGH\n", ockam.ok("message", "send", "through", "--from", "m2", "--to",
                "/worker/" + worker + "/service/uppercase").out());
        Set<String> connections = new TreeSet<>();
        for (JsonNode c : JSON.readTree(ockam.ok("tcp-connection", "list", "--at", "m2", "--output", "json").out())) {
            connections.add(c.get("address").asText().substring("/worker/".length()));
        }
        assertEquals(2, connections.size(), connections.toString()); // its two ends

        // » ockam node show m2 --metrics
        String text = ockam.ok("node", "show", "m2", "--metrics", "--output", "plain").out();
        // » ockam node show m2 --metrics --output json
        JsonNode rows = JSON.readTree(ockam.ok("node", "show", "m2", "--metrics", "--output", "json").out());

        for (String l : text.lines().toList()) {
            assertTrue(l.matches("ockamj\\.[a-z_.]+\\{([a-z_]+=[^,}]*)(,[a-z_]+=[^,}]*)*\\} (\\d+|NaN)"), l);
        }
        assertTrue(rows.isArray() && rows.size() > 0, rows.toString());
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("name").asText()));
        assertEquals(names.stream().sorted(Comparator.naturalOrder()).toList(), names, "sorted by name");
        // the same series, one line per row
        List<String> fromJson = new ArrayList<>();
        rows.forEach(r -> fromJson.add(NodeCommands.Show.meterLine(r).replaceFirst(" [^ ]+$", "")));
        assertEquals(fromJson, text.lines().map(l -> l.replaceFirst(" [^ ]+$", "")).toList());

        // the same counts: the drop, in both and in Prometheus' text
        assertEquals(1, line(text, "ockamj.node.messages.dropped{node=m2,reason=no_such_address}"));
        assertEquals(1.0, row(rows, "ockamj.node.messages.dropped", "node", "m2", "reason", "no_such_address"));
        assertEquals(1.0, sample(get(show("m2").get("metrics").asText()).body(), "ockamj_node_messages_dropped_total",
                "node=\"m2\",reason=\"no_such_address\""));
        // between the two: the answer to the first and the second's request, counted as delivered and routed
        assertEquals(line(text, "ockamj.node.messages.delivered{node=m2}") + 2,
                row(rows, "ockamj.node.messages.delivered", "node", "m2"));
        assertEquals(line(text, "ockamj.node.messages.routed{node=m2}") + 2,
                row(rows, "ockamj.node.messages.routed", "node", "m2"));
        assertEquals("counter", rows.get(0).get("type").asText(), rows.get(0).toString());

        // the connection's meters: the message went out of one end and in at the other, the reply back
        String out = "{connection=" + worker + ",listener=,mode=outgoing,node=m2}";
        assertEquals(1, line(text, "ockamj.tcp.connection.frames.out" + out), text);
        assertEquals(1, line(text, "ockamj.tcp.connection.frames.in" + out), text);
        assertEquals(1.0, row(rows, "ockamj.tcp.connection.frames.out", "connection", worker, "mode", "outgoing"));
        String incoming = connections.stream().filter(c -> !c.equals(worker)).findFirst().orElseThrow();
        assertEquals(1.0, row(rows, "ockamj.tcp.connection.frames.in", "connection", incoming, "mode", "incoming",
                "listener", listener));
        // the connections of the meters are the node's (not the command's own, as tcp-connection list)
        Set<String> metered = new TreeSet<>();
        rows.forEach(r -> {
            if (r.path("tags").has("connection")) {
                metered.add(r.path("tags").get("connection").asText());
            }
        });
        assertEquals(connections, metered);
    }

    @Test
    void withoutAMetricsPortThereIsNoEndpointButNodeShowMetricsCounts() throws Exception {
        ockam.ok("node", "create", "m3");
        JsonNode shown = show("m3");
        assertTrue(shown.has("metrics") && shown.get("metrics").isNull(), shown.toString());
        assertFalse(recorded("m3").has("metrics-port") || recorded("m3").has("metrics-address"), recorded("m3").toString());
        assertFalse(ockam.ok("node", "show", "m3", "--output", "plain").out().contains("Metrics"));
        assertFalse(Files.readString(home.resolve("nodes/m3/stdout.log")).contains("/metrics"));

        // its counters are there all the same, in the node (a registry of its own) for node show --metrics
        assertEquals("hi\n", ockam.ok("message", "send", "hi", "--to", "/node/m3/service/echo").out());
        JsonNode rows = JSON.readTree(ockam.ok("node", "show", "m3", "--metrics", "--output", "json").out());
        assertTrue(row(rows, "ockamj.node.messages.delivered", "node", "m3") >= 4, rows.toString());
        assertEquals(5.0, row(rows, "ockamj.node.workers", "node", "m3"));
        assertEquals("gauge", typeOf(rows, "ockamj.node.workers"));

        // a stopped node has no counters to show
        ockam.ok("node", "stop", "m3");
        OckamCli.Result stopped = ockam.run("node", "show", "m3", "--metrics");
        assertEquals(1, stopped.status(), stopped.toString());
        assertTrue(stopped.err().contains("node 'm3' is not running — start it with: ockam node start m3"), stopped.toString());
    }

    private static String typeOf(JsonNode rows, String name) {
        for (JsonNode r : rows) {
            if (r.get("name").asText().equals(name)) {
                return r.get("type").asText();
            }
        }
        throw new AssertionError("no " + name + " in " + rows);
    }

    @Test
    void aConfigurationMayGiveTheMetricsPortAndABadPortIsAUsageError() throws Exception {
        OckamCli.Result bad = ockam.run("node", "create", "m4", "--metrics-port", "70000");
        assertEquals(2, bad.status(), bad.toString());
        assertTrue(bad.err().contains("--metrics-port 70000 is not a TCP port (0..65535)"), bad.toString());
        assertEquals("[ ]", ockam.ok("node", "list", "--output", "json").out().trim(), "nothing was created");

        // » ockam node create --configuration "{name: m5, metrics-port: 0}"
        ockam.ok("node", "create", "--configuration", "{name: m5, metrics-port: 0}");
        String url = show("m5").get("metrics").asText();
        assertTrue(url.startsWith("http://127.0.0.1:"), url);
        Http scraped = get(url);
        assertEquals(200, scraped.status());
        assertTrue(scraped.body().contains("ockamj_node_messages_delivered_total{node=\"m5\"}"), scraped.body());
    }
}
