package dev.ockamj.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.node.relay.RelayService;
import dev.ockamj.node.relay.RelayServiceOptions;
import dev.ockamj.node.relay.RemoteRelay;
import dev.ockamj.node.relay.RemoteRelayOptions;
import dev.ockamj.transport.tcp.TcpInlet;
import dev.ockamj.transport.tcp.TcpInletOptions;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpOutletOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ockam's everyday setup, over real sockets: node n2 has no open port but an outlet to an HTTP server (Python's
 * http.server) and a relay on n1; an inlet on n1 reaches the outlet through the relay and a secure channel to
 * n2's {@code api} — {@code /node/n1/service/forward_to_n2/secure/api/service/outlet} — and curl gets the file.
 */
class SecurePortalTest {
    private Node n1;
    private Node n2;

    private static Node node(String name) {
        return Node.builder().name(name).config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
    }

    @AfterEach
    void stop() {
        if (n1 != null) {
            n1.stop();
        }
        if (n2 != null) {
            n2.stop();
        }
    }

    @Test
    void curlThroughARelayAndASecureChannelGetsTheFileIntact(@TempDir Path dir) throws Exception {
        byte[] file = new byte[5 << 20];
        new Random(13).nextBytes(file);
        Files.write(dir.resolve("blob.bin"), file);
        int port = freePort();
        Process http = new ProcessBuilder("python3", "-m", "http.server", "--bind", "127.0.0.1", String.valueOf(port))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("http.log").toFile()).start();
        try {
            awaitListening(port);
            n1 = node("n1");
            TcpTransport tcp1 = TcpTransport.create(n1);
            TcpListener l1 = tcp1.listen("127.0.0.1:0", TcpListenerOptions.defaults());
            RelayService.start(n1, RelayServiceOptions.defaults().reachableThrough(l1.flowControlId()));

            n2 = node("n2");
            TcpTransport tcp2 = TcpTransport.create(n2);
            SecureChannelListener api = SecureChannels.create(n2).createListener("api", SecureChannelListenerOptions.defaults());
            // only through a secure channel to api: not through the relay's plain connection
            tcp2.createOutlet("outlet", "127.0.0.1:" + port, TcpOutletOptions.defaults().reachableThrough(api.flowControlId()));
            RemoteRelay relay = RemoteRelay.create(n2, () -> Route.of(tcp2.connect(l1.hostPort()).address()), "n2",
                    RemoteRelayOptions.defaults().allow("api"));
            relay.registered().toCompletableFuture().get(10, TimeUnit.SECONDS);

            SecureChannels channels1 = SecureChannels.create(n1);
            TcpInlet inlet = tcp1.createInlet("127.0.0.1:0", () -> channels1.createSecureChannel(
                    Route.of(Address.local("forward_to_n2"), Address.local("api")), SecureChannelOptions.defaults())
                    .route("outlet"), TcpInletOptions.defaults());
            assertEquals(sha256(file), sha256(curl("http://" + inlet.hostPort() + "/blob.bin")));
            assertEquals(sha256(file), sha256(curl("http://" + inlet.hostPort() + "/blob.bin")), "a second request");

            TcpInlet plain = tcp1.createInlet("127.0.0.1:0",
                    Route.of(Address.local("forward_to_n2"), Address.local("outlet")),
                    TcpInletOptions.defaults().pongTimeout(Duration.ofSeconds(2)));
            try (Socket s = new Socket()) {
                s.connect(plain.socketAddress(), 5000);
                s.setSoTimeout(15_000);
                assertEquals(-1, s.getInputStream().read(), "the outlet answered without a secure channel");
            }
            assertTrue(inlet.isOpen());
        } finally {
            http.destroy();
            http.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * psql against a real PostgreSQL (Debian's, started by {@code scripts/test-postgres}) through an inlet on n1, a
     * secure channel and an outlet on n2: 4 MiB copied up (psql's copy), 12 MiB of rows read back. The
     * output is the same as psql's straight to the server, and the server's md5 of what it got is the file's.
     */
    @Test
    void psqlThroughASecureChannelPortal(@TempDir Path dir) throws Exception {
        boolean installed = !findPostgres().isEmpty();
        if (System.getenv("OCKAMJ_REQUIRE_POSTGRES") == null) { // .ci/run sets it, having installed PostgreSQL
            org.junit.jupiter.api.Assumptions.assumeTrue(installed, "PostgreSQL is not installed (Debian: postgresql)");
        }
        assertTrue(installed, "PostgreSQL is not installed: .ci/run installs it with scripts/test-postgres install");
        StringBuilder csv = new StringBuilder();
        Random random = new Random(5);
        for (int i = 1; csv.length() < 4 << 20; i++) {
            csv.append(i).append(",\"").append(Long.toHexString(random.nextLong())).append(" ".repeat(random.nextInt(90)))
                    .append("\"\n");
        }
        Path data = dir.resolve("rows.csv");
        Files.writeString(data, csv);
        String script = String.join("\n",
                "DROP TABLE IF EXISTS up, down;",
                "CREATE TABLE up (n int PRIMARY KEY, line text);",
                "\\copy up FROM '" + data + "' CSV",
                "SELECT count(*), md5(string_agg(n || ',\"' || line || '\"', E'\\n' ORDER BY n) || E'\\n') FROM up;",
                "CREATE TABLE down AS SELECT i, repeat(md5(i::text), 20) AS body FROM generate_series(1, 20000) i;",
                "SELECT i, body FROM down ORDER BY i;", "");
        Path sql = dir.resolve("script.sql");
        Files.writeString(sql, script);
        int pgPort = freePort();
        String pgDir = run(List.of("../scripts/test-postgres", "start", String.valueOf(pgPort))).strip();
        try {
            n1 = node("n1");
            n2 = node("n2");
            TcpTransport tcp1 = TcpTransport.create(n1);
            TcpTransport tcp2 = TcpTransport.create(n2);
            TcpListener l2 = tcp2.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("api"));
            SecureChannelListener api = SecureChannels.create(n2).createListener("api",
                    SecureChannelListenerOptions.defaults().allow("outlet"));
            tcp2.createOutlet("outlet", "127.0.0.1:" + pgPort, TcpOutletOptions.defaults().reachableThrough(api.flowControlId()));
            SecureChannels channels1 = SecureChannels.create(n1);
            TcpInlet inlet = tcp1.createInlet("127.0.0.1:0", () -> channels1.createSecureChannel(
                    Route.of(tcp1.connect(l2.hostPort()).address(), Address.local("api")), SecureChannelOptions.defaults())
                    .route("outlet"), TcpInletOptions.defaults());

            String throughPortal = psql(inlet.socketAddress().getPort(), sql);
            String direct = psql(pgPort, sql);
            String expectedSum = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(data)));
            String firstLine = throughPortal.substring(0, throughPortal.indexOf('\n'));
            assertEquals(csv.chars().filter(c -> c == '\n').count() + "|" + expectedSum, firstLine,
                    "what the server got through the portal");
            assertEquals(20_001, throughPortal.lines().count());
            assertEquals(sha256(direct.getBytes()), sha256(throughPortal.getBytes()), "psql's output through the portal");
        } finally {
            run(List.of("../scripts/test-postgres", "stop", pgDir));
        }
    }

    private static String findPostgres() {
        java.io.File[] versions = new java.io.File("/usr/lib/postgresql").listFiles();
        if (versions == null) {
            return "";
        }
        return java.util.Arrays.stream(versions).filter(v -> new java.io.File(v, "bin/initdb").canExecute())
                .map(java.io.File::getPath).findFirst().orElse("");
    }

    private static String psql(int port, Path script) throws Exception {
        return run(List.of("psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "ockamj", "-d", "postgres",
                "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", script.toString()));
    }

    /** Runs a command; its stdout, or an assertion error with its stderr. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, p.exitValue(), command + " failed: " + new String(err.get()));
        return out;
    }

    static byte[] curl(String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--fail", "--max-time", "60", url).start();
        byte[] body = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor(), "curl " + url + " failed: " + err);
        return body;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on " + port, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
