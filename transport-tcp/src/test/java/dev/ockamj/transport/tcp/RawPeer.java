package dev.ockamj.transport.tcp;

import dev.ockamj.transport.tcp.internal.wire.CborV1;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A peer that speaks bytes over a real socket, so a test can send exactly what a Rust node (or an attacker) would. */
final class RawPeer implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(InetSocketAddress to) throws IOException {
        socket = new Socket();
        socket.connect(to, 10_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawPeer(Socket accepted) throws IOException {
        socket = accepted;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    int readByte() throws IOException {
        return in.readUnsignedByte();
    }

    byte[] readFrameBody() throws IOException {
        int len = in.readInt();
        byte[] body = new byte[len];
        in.readFully(body);
        return body;
    }

    TransportMessage readMessage() throws IOException {
        return CborV1.decodeBody(readFrameBody());
    }

    /** True if the other side closes the connection within {@code within} (anything it sends first is skipped). */
    boolean closedWithin(Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        socket.setSoTimeout(200);
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open: keep waiting
                } catch (EOFException e) {
                    return true;
                } catch (IOException e) {
                    return true; // reset by the peer
                }
            }
            return false;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
