package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Portals between two real nodes over loopback TCP: an inlet on one, an outlet on the other, carrying real
 * applications' traffic (Python's http.server and curl) and our own echo servers'.
 */
class PortalTest {
    private Node inletNode;
    private Node outletNode;
    private TcpTransport inletTcp;
    private TcpTransport outletTcp;
    private TcpListener listener;

    @BeforeEach
    void start() {
        inletNode = TcpTransportTest.node("inlet-node");
        outletNode = TcpTransportTest.node("outlet-node");
        inletTcp = TcpTransport.create(inletNode);
        outletTcp = TcpTransport.create(outletNode);
        listener = outletTcp.listen("127.0.0.1:0", TcpListenerOptions.defaults());
    }

    @AfterEach
    void stop() {
        inletNode.stop();
        outletNode.stop();
    }

    private TcpInlet portalTo(String target) {
        outletTcp.createOutlet("outlet", target, TcpOutletOptions.defaults().reachableThrough(listener.flowControlId()));
        return inletTcp.createInlet("127.0.0.1:0",
                Route.of(Address.of(1, listener.hostPort()), Address.local("outlet")));
    }

    @Test
    void curlThroughThePortalGetsTheSameBytesAsDirectlyFromPythonsHttpServer(@TempDir Path dir) throws Exception {
        byte[] file = new byte[6 << 20];
        new Random(7).nextBytes(file);
        Files.write(dir.resolve("blob.bin"), file);
        int port = freePort();
        Process server = new ProcessBuilder("python3", "-m", "http.server", "--bind", "127.0.0.1", String.valueOf(port))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        try {
            awaitListening(port);
            TcpInlet inlet = portalTo("127.0.0.1:" + port);
            byte[] direct = curl("http://127.0.0.1:" + port + "/blob.bin");
            byte[] through = curl("http://" + inlet.hostPort() + "/blob.bin");
            assertEquals(sha256(file), sha256(direct));
            assertEquals(sha256(direct), sha256(through), "the portal changed the bytes");
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHundredConcurrentConnectionsEachMoveMebibytesBothWaysInOrder() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            TcpInlet inlet = portalTo("127.0.0.1:" + echo.port());
            int connections = 100;
            int size = 2 << 20;
            ExecutorService pool = Executors.newFixedThreadPool(2 * connections);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    int seed = i;
                    results.add(pool.submit(() -> echoes(inlet.socketAddress(), seed, size, pool)));
                }
                for (Future<Boolean> r : results) {
                    assertTrue(r.get(240, TimeUnit.SECONDS), "a connection's bytes came back changed");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aTargetThatIsDownClosesTheClientsConnection() throws Exception {
        TcpInlet inlet = portalTo("127.0.0.1:" + freePort());
        try (Socket s = new Socket()) {
            s.connect(inlet.socketAddress(), 5000);
            s.setSoTimeout(15_000);
            assertEquals(-1, s.getInputStream().read(), "the client's connection was not closed");
        }
    }

    @Test
    void aTargetKilledMidStreamGivesTheClientAClosedConnectionAndAnUncorruptedPrefix() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(3).nextBytes(data);
        try (ServerSocket target = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = target.accept()) {
                    s.getOutputStream().write(data, 0, 1 << 20);
                    s.getOutputStream().flush();
                    s.setSoLinger(true, 0); // killed: a reset, not an orderly end
                } catch (IOException e) {
                    // the test fails on what the client saw
                }
            });
            t.start();
            TcpInlet inlet = portalTo("127.0.0.1:" + target.getLocalPort());
            byte[] got;
            try (Socket s = new Socket()) {
                s.connect(inlet.socketAddress(), 5000);
                s.setSoTimeout(20_000);
                got = readUntilClosed(s.getInputStream());
            }
            assertTrue(got.length <= 1 << 20, "more bytes than the target sent");
            assertArrayEquals(java.util.Arrays.copyOf(data, got.length), got, "the bytes that came are not the target's");
            t.join();
        }
        // the outlet works again for the next connection
        try (EchoServer echo = new EchoServer()) {
            outletTcp.stopOutlet(outletTcp.outlets().get(0));
            TcpInlet again = portalTo("127.0.0.1:" + echo.port());
            assertTrue(echoes(again.socketAddress(), 11, 100_000, Executors.newSingleThreadExecutor()));
        }
    }

    @Test
    void aClientThatHalfClosesStillGetsItsAnswer() throws Exception {
        // the target reads until the end of the request, then answers: what `nc -N` and HTTP/1.0 clients rely on
        try (ServerSocket target = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = target.accept()) {
                    byte[] request = readUntilClosed(s.getInputStream());
                    s.getOutputStream().write(("got " + request.length + " bytes").getBytes());
                } catch (IOException e) {
                    // the client's assertion fails
                }
            });
            t.start();
            TcpInlet inlet = portalTo("127.0.0.1:" + target.getLocalPort());
            try (Socket s = new Socket()) {
                s.connect(inlet.socketAddress(), 5000);
                s.setSoTimeout(20_000);
                s.getOutputStream().write(new byte[100_000]);
                s.shutdownOutput();
                assertEquals("got 100000 bytes", new String(readUntilClosed(s.getInputStream())));
            }
            t.join();
        }
    }

    @Test
    void anOutletNotReachableThroughTheListenerOpensNoPortal() throws Exception {
        outletTcp.createOutlet("outlet", "127.0.0.1:" + freePort()); // no flow named: strangers cannot reach it
        TcpInlet inlet = inletTcp.createInlet("127.0.0.1:0",
                Route.of(Address.of(1, listener.hostPort()), Address.local("outlet")),
                TcpInletOptions.defaults().pongTimeout(java.time.Duration.ofSeconds(2)));
        try (Socket s = new Socket()) {
            s.connect(inlet.socketAddress(), 5000);
            s.setSoTimeout(15_000);
            assertEquals(-1, s.getInputStream().read(), "the client's connection was not closed");
        }
        assertEquals(0, outletTcp.outlets().get(0).connections());
    }

    @Test
    void stoppingTheInletClosesItsConnectionsAndItsPort() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            TcpInlet inlet = portalTo("127.0.0.1:" + echo.port());
            try (Socket s = new Socket()) {
                s.connect(inlet.socketAddress(), 5000);
                s.setSoTimeout(15_000);
                s.getOutputStream().write("ping".getBytes());
                assertEquals('p', s.getInputStream().read());
                inletTcp.stopInlet(inlet);
                assertEquals("ing", new String(readUntilClosed(s.getInputStream())), "not closed after the echo");
            }
            assertTrue(inletTcp.inlets().isEmpty());
            try (Socket s = new Socket()) {
                s.connect(inlet.socketAddress(), 2000);
                throw new AssertionError("the inlet still accepts");
            } catch (IOException expected) {
                // refused
            }
        }
    }

    // ---- helpers ----

    static boolean echoes(InetSocketAddress inlet, int seed, int size, ExecutorService pool) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try (Socket s = new Socket()) {
            s.connect(inlet, 10_000);
            s.setSoTimeout(120_000);
            Future<?> writer = pool.submit(() -> {
                OutputStream out = s.getOutputStream();
                for (int at = 0; at < size; at += 16 * 1024) {
                    out.write(data, at, Math.min(16 * 1024, size - at));
                }
                s.shutdownOutput();
                return null;
            });
            byte[] back = readUntilClosed(s.getInputStream());
            writer.get(120, TimeUnit.SECONDS);
            return java.util.Arrays.equals(data, back);
        }
    }

    static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // a reset: what came before it is what the client got
        }
        return out.toByteArray();
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

    /** A plain echo server: a thread per connection, half-close passed on. */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 200, java.net.InetAddress.getLoopbackAddress());
        private final ExecutorService threads = Executors.newCachedThreadPool();

        EchoServer() throws IOException {
            threads.submit(() -> {
                while (!server.isClosed()) {
                    Socket s = server.accept();
                    threads.submit(() -> {
                        try (s) {
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream();
                            byte[] buf = new byte[64 * 1024];
                            for (int n; (n = in.read(buf)) >= 0; ) {
                                out.write(buf, 0, n);
                            }
                            s.shutdownOutput();
                        }
                        return null;
                    });
                }
                return null;
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}
