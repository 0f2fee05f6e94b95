package dev.ockamj.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw baseline of {@link TcpScaling}: what ockamj's transport does, without ockamj. One selector thread
 * echoes every frame ({@code u32be length ‖ body}) on all its accepted connections; one selector thread keeps
 * {@code inFlight} frames outstanding on each of {@code connections} connections, timing every round trip. Both
 * batch their writes as far as the protocol allows (all complete frames of a read go back in one write).
 */
final class RawScaling {
    private static final int BUFFER = 256 * 1024;

    private RawScaling() {
    }

    static TcpScaling.Result run(int connections, int inFlight, int payload, long warmupMillis, long measureMillis)
            throws Exception {
        try (Selector serverSelector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open();
             Selector clientSelector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), connections);
            server.configureBlocking(false);
            server.register(serverSelector, SelectionKey.OP_ACCEPT);
            Thread echo = new Thread(() -> serve(serverSelector), "raw-scaling-echo");
            echo.setDaemon(true);
            echo.start();
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open(server.getLocalAddress());
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                Client c = new Client(ch, inFlight, payload);
                ch.register(clientSelector, SelectionKey.OP_READ, c);
                clients.add(c);
            }
            try {
                return drive(clientSelector, clients, warmupMillis, measureMillis);
            } finally {
                echo.interrupt();
                serverSelector.wakeup();
                for (Client c : clients) {
                    c.ch.close();
                }
                echo.join(5000);
            }
        }
    }

    /** The client thread (the caller): warm-up, measured window, then drain what is still outstanding. */
    private static TcpScaling.Result drive(Selector selector, List<Client> clients, long warmupMillis,
                                           long measureMillis) throws IOException {
        for (Client c : clients) {
            c.sendMore(c.inFlight);
        }
        long start = System.nanoTime();
        long measureFrom = start + warmupMillis * 1_000_000;
        long measureUntil = measureFrom + measureMillis * 1_000_000;
        boolean measuring = false;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                measuring = true;
                for (Client c : clients) {
                    c.measuring = true;
                }
            }
            if (now >= measureUntil) {
                break;
            }
            selector.select(10);
            for (SelectionKey key : selector.selectedKeys()) {
                ((Client) key.attachment()).ready(key);
            }
            selector.selectedKeys().clear();
        }
        LatencyHistogram all = new LatencyHistogram();
        for (Client c : clients) {
            all.add(c.latencies);
        }
        return new TcpScaling.Result(all.count() / (measureMillis / 1000.0), all.quantile(0.5), all.quantile(0.99));
    }

    private static final class Client {
        final SocketChannel ch;
        final int inFlight;
        final int frameLength;
        final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);
        final ByteBuffer out;
        final long[] sentAt;
        int head;
        int outstanding;
        boolean measuring;
        final LatencyHistogram latencies = new LatencyHistogram();

        Client(SocketChannel ch, int inFlight, int payload) {
            this.ch = ch;
            this.inFlight = inFlight;
            this.frameLength = 4 + payload;
            this.out = RawEcho.frames(inFlight, payload);
            this.sentAt = new long[inFlight];
        }

        void sendMore(int k) throws IOException {
            long now = System.nanoTime();
            for (int i = 0; i < k; i++) {
                sentAt[(head + outstanding + i) % inFlight] = now;
            }
            outstanding += k;
            out.clear().limit(k * frameLength);
            while (out.hasRemaining()) {
                ch.write(out); // at most inFlight frames: the socket buffer takes them
            }
        }

        void ready(SelectionKey key) throws IOException {
            if (ch.read(in) < 0) {
                key.cancel();
                return;
            }
            in.flip();
            int k = RawEcho.completeFrames(in);
            in.compact();
            long now = System.nanoTime();
            for (int i = 0; i < k; i++) {
                if (measuring) {
                    latencies.record(now - sentAt[head]);
                }
                head = (head + 1) % inFlight;
            }
            outstanding -= k;
            if (k > 0) {
                sendMore(k);
            }
        }
    }

    /** The echo thread: accepts, and writes back every complete frame of each read in one write. */
    private static void serve(Selector selector) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        SocketChannel ch = ((ServerSocketChannel) key.channel()).accept();
                        if (ch != null) {
                            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            ch.configureBlocking(false);
                            ch.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(BUFFER));
                        }
                    } else if (key.isReadable()) {
                        echo(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            // closed: the run is over
        }
    }

    private static void echo(SelectionKey key) {
        SocketChannel ch = (SocketChannel) key.channel();
        ByteBuffer buf = (ByteBuffer) key.attachment();
        try {
            if (ch.read(buf) < 0) {
                key.cancel();
                ch.close();
                return;
            }
            buf.flip();
            int start = buf.position();
            RawEcho.completeFrames(buf);
            ByteBuffer whole = buf.duplicate().position(start).limit(buf.position());
            while (whole.hasRemaining()) {
                ch.write(whole); // what came in one read: the socket buffer takes it back
            }
            buf.compact();
        } catch (IOException e) {
            key.cancel();
        }
    }
}
