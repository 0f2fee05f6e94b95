package dev.ockamj.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw baselines of {@link TcpBenchmark}: plain java.nio over loopback, frames of {@code u32be length ‖ body}.
 * One thread per connection, blocking SocketChannels, TCP_NODELAY on both ends, and every write batched as far as
 * the protocol allows (the echo server writes back all the complete frames one read brought in with one write;
 * the windowed client refills its window with one write; the one-way writer sends 64 KiB at a time).
 */
final class RawEcho {
    private static final int READ_BUFFER = 256 * 1024;
    private static final int ONE_WAY_BATCH = 64 * 1024;

    private RawEcho() {
    }

    /** Scans complete frames from the buffer's position; returns their count and leaves the position after them. */
    static int completeFrames(ByteBuffer buf) {
        int p = buf.position();
        int limit = buf.limit();
        int frames = 0;
        while (limit - p >= 4) {
            int len = buf.getInt(p);
            if (len < 0 || len > buf.capacity() - 4) {
                throw new IllegalStateException("bad frame length " + len);
            }
            if (limit - p - 4 < len) {
                break;
            }
            p += 4 + len;
            frames++;
        }
        buf.position(p);
        return frames;
    }

    static ByteBuffer frames(int count, int payload) {
        ByteBuffer b = ByteBuffer.allocateDirect(count * (4 + payload));
        byte[] body = new byte[payload];
        for (int i = 0; i < payload; i++) {
            body[i] = (byte) i;
        }
        for (int i = 0; i < count; i++) {
            b.putInt(payload).put(body);
        }
        return b.flip();
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** A server socket on 127.0.0.1 whose one accepted connection is handled by {@code handler} on a new thread. */
    private static ServerSocketChannel serveOne(String name, ConnectionHandler handler, CompletableFuture<?> failed) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        Thread t = new Thread(() -> {
            try (SocketChannel ch = server.accept()) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                handler.handle(ch);
            } catch (Exception e) {
                failed.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return server;
    }

    interface ConnectionHandler {
        void handle(SocketChannel ch) throws Exception;
    }

    private static SocketChannel connect(ServerSocketChannel server) throws IOException {
        SocketChannel ch = SocketChannel.open(server.getLocalAddress());
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return ch;
    }

    /**
     * Request/reply: a client keeps {@code inFlight} frames outstanding (one thread: read what came back, write as
     * many new frames in one write) against an echo server. Returns round trips/s.
     */
    static double echo(int inFlight, int total, int payload) throws Exception {
        CompletableFuture<Void> serverFailed = new CompletableFuture<>();
        ServerSocketChannel server = serveOne("raw-echo-server", ch -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
            while (ch.read(buf) >= 0) {
                buf.flip();
                int start = buf.position();
                completeFrames(buf);
                ByteBuffer whole = buf.duplicate().position(start).limit(buf.position());
                writeFully(ch, whole); // every complete frame back, in one write
                buf.compact();
            }
        }, serverFailed);
        try (server; SocketChannel ch = connect(server)) {
            ByteBuffer window = frames(inFlight, payload);
            int frameLength = 4 + payload;
            ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
            long t0 = System.nanoTime();
            writeFully(ch, window);
            long sent = inFlight;
            long received = 0;
            while (received < total) {
                if (ch.read(in) < 0) {
                    serverFailed.getNow(null);
                    throw new IllegalStateException("the raw echo server closed after " + received + " replies");
                }
                in.flip();
                int k = completeFrames(in);
                in.compact();
                received += k;
                int more = (int) Math.min(k, total - sent);
                if (more > 0) {
                    window.clear().limit(more * frameLength);
                    writeFully(ch, window);
                    sent += more;
                }
            }
            long nanos = System.nanoTime() - t0;
            return total / (nanos / 1e9);
        }
    }

    /** One-way: a writer sends {@code total} frames (64 KiB per write) to a reader that counts them. Frames/s. */
    static double oneWay(int total, int payload) throws Exception {
        CompletableFuture<Long> done = new CompletableFuture<>();
        AtomicLong counted = new AtomicLong();
        ServerSocketChannel server = serveOne("raw-one-way-reader", ch -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
            long frames = 0;
            while (frames < total) {
                if (ch.read(buf) < 0) {
                    throw new IllegalStateException("the raw writer closed after " + frames + " frames");
                }
                buf.flip();
                frames += completeFrames(buf);
                buf.compact();
                counted.lazySet(frames);
            }
            done.complete(System.nanoTime());
        }, done);
        try (server; SocketChannel ch = connect(server)) {
            int frameLength = 4 + payload;
            int perBatch = ONE_WAY_BATCH / frameLength;
            ByteBuffer batch = frames(perBatch, payload);
            long t0 = System.nanoTime();
            long sent = 0;
            while (sent < total) {
                int n = (int) Math.min(perBatch, total - sent);
                batch.clear().limit(n * frameLength);
                writeFully(ch, batch);
                sent += n;
            }
            long t1 = TcpBenchmark.await(done, counted::get, total, "raw one-way", () -> "");
            return total / ((t1 - t0) / 1e9);
        }
    }
}
