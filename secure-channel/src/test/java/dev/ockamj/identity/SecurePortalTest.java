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
