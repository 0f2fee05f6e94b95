package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The body codec of the current protocol (docs/wire.md §4): {@code [onward_route, return_route, payload,
 * tracing_context?]} in CBOR, written exactly as minicbor writes it and read as leniently and as strictly as
 * minicbor reads it ({@link CborBody}).
 */
public final class CborV1 {

    /** Ockam's {@code MAX_MESSAGE_SIZE}: the largest body a frame may carry. */
    public static final int MAX_BODY_LEN = 16 * 1024 * 1024;

    private CborV1() {
    }

    /** The encoded body: definite lengths, shortest heads, 3 elements without tracing context, 4 with. */
    public static byte[] encodeBody(TransportMessage message) {
        int length = WireException.checkLength("the message body", bodyLength(message), Integer.MAX_VALUE - 8);
        return encode(message, 0, length);
    }

    /**
     * Decodes a body the way Rust does (docs/wire.md §4 "Decoder"): definite or indefinite arrays, 3 or more
     * elements, bytes after the first item ignored.
     *
     * @throws WireException of kind DECODE when Rust would fail to decode it
     */
    public static TransportMessage decodeBody(byte[] body) {
        return CborBody.decode(ByteBuffer.wrap(body), 0, body.length);
    }

    /** As {@link #decodeBody(byte[])}, for the body between {@code start} and {@code end} of {@code in}, in place. */
    static TransportMessage decodeBody(ByteBuffer in, int start, int end) {
        return CborBody.decode(in, start, end);
    }

    /** The exact length of {@link #encodeBody}'s result, computed without encoding. */
    public static long bodyLength(TransportMessage m) {
        long length = 1 + routeLength(m.onwardRoute()) + routeLength(m.returnRoute())
                + stringLength(m.payload().length);
        if (m.tracingContext() != null) {
            length += stringLength(m.tracingContext().getBytes(StandardCharsets.UTF_8).length);
        }
        return length;
    }

    /**
     * Encodes into a new array of {@code room + length} bytes, leaving the first {@code room} bytes zero. Written
     * by hand rather than through a Jackson generator: the shape is fixed, and a generator per frame was a quarter
     * of the sending thread's time (JFR, issue 15). The golden vectors hold it to minicbor's bytes.
     */
    static byte[] encode(TransportMessage m, int room, int length) {
        byte[] out = new byte[room + length];
        int p = head(out, room, ARRAY, m.tracingContext() == null ? 3 : 4);
        p = writeRoute(out, p, m.onwardRoute());
        p = writeRoute(out, p, m.returnRoute());
        p = writeBytes(out, p, BYTES, m.payload(), m.payload().length);
        if (m.tracingContext() != null) {
            byte[] utf8 = m.tracingContext().getBytes(StandardCharsets.UTF_8);
            p = writeBytes(out, p, TEXT, utf8, utf8.length);
        }
        if (p != out.length) {
            throw new IllegalStateException("encoded " + (p - room) + " bytes, expected " + length);
        }
        return out;
    }

    private static final int UNSIGNED = 0;
    private static final int BYTES = 2 << 5;
    private static final int TEXT = 3 << 5;
    private static final int ARRAY = 4 << 5;

    private static int writeRoute(byte[] out, int p, Route route) {
        p = head(out, p, ARRAY, route.size());
        for (int i = 0; i < route.size(); i++) {
            Address a = route.get(i);
            out[p++] = (byte) (ARRAY | 2);
            p = head(out, p, UNSIGNED, a.transportType());
            p = writeBytes(out, p, BYTES, a.unsafeValue(), a.valueLength());
        }
        return p;
    }

    private static int writeBytes(byte[] out, int p, int majorType, byte[] content, int length) {
        p = head(out, p, majorType, length);
        System.arraycopy(content, 0, out, p, length);
        return p + length;
    }

    /** A shortest head (RFC 8949 §3, as minicbor writes it); {@code n} is at most 2^32 - 1 here. */
    private static int head(byte[] out, int p, int majorType, long n) {
        if (n < 24) {
            out[p++] = (byte) (majorType | n);
        } else if (n < 0x100) {
            out[p++] = (byte) (majorType | 24);
            out[p++] = (byte) n;
        } else if (n < 0x1_0000) {
            out[p++] = (byte) (majorType | 25);
            out[p++] = (byte) (n >>> 8);
            out[p++] = (byte) n;
        } else {
            out[p++] = (byte) (majorType | 26);
            out[p++] = (byte) (n >>> 24);
            out[p++] = (byte) (n >>> 16);
            out[p++] = (byte) (n >>> 8);
            out[p++] = (byte) n;
        }
        return p;
    }

    private static long routeLength(Route route) {
        long length = headLength(route.size());
        for (int i = 0; i < route.size(); i++) {
            Address a = route.get(i);
            length += 1 + headLength(a.transportType()) + stringLength(a.valueLength());
        }
        return length;
    }

    private static long stringLength(long contentLength) {
        return headLength(contentLength) + contentLength;
    }

    /** Bytes of a shortest CBOR head carrying {@code n}. */
    private static int headLength(long n) {
        return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x1_0000 ? 3 : n < 0x1_0000_0000L ? 5 : 9;
    }
}
