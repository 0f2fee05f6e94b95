package dev.ockamj.transport.tcp.internal.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Splits a byte stream into bodies of {@code big-endian length prefix ‖ body} frames. */
final class FrameReader {

    /**
     * A length prefix alone does not commit us to allocating up to 16 MiB: the body buffer starts at most this
     * big (or as big as the bytes already at hand) and grows {@value #GROWTH}-fold as bytes arrive.
     */
    private static final int INITIAL_CAPACITY = 64 * 1024;

    /**
     * Growing 4-fold rather than 2-fold: the buffers of a body that arrives in small reads add up to 4/3 of the
     * body instead of twice it, while a peer still makes us hold no more than 4 times what it has sent (or
     * {@value #INITIAL_CAPACITY} bytes).
     */
    private static final int GROWTH = 4;

    private final byte[] prefix;
    private final long maxBodyLength;
    private int prefixFill;
    private int bodyLength = -1; // -1 while reading a prefix
    private byte[] body;
    private int bodyFill;

    FrameReader(int prefixLength, long maxBodyLength) {
        this.prefix = new byte[prefixLength];
        this.maxBodyLength = maxBodyLength;
    }

    /**
     * Consumes bytes until a body is complete and returns it, or returns null once {@code chunk} is used up.
     *
     * @throws WireException of kind TRANSPORT when a prefix announces more than the maximum; {@code chunk} is
     *     then positioned right after that prefix and nothing was allocated for the body
     */
    byte[] read(ByteBuffer chunk) {
        while (chunk.hasRemaining()) {
            if (bodyLength < 0) {
                int n = Math.min(prefix.length - prefixFill, chunk.remaining());
                chunk.get(prefix, prefixFill, n);
                prefixFill += n;
                if (prefixFill < prefix.length) {
                    return null;
                }
                prefixFill = 0;
                long length = declaredLength();
                if (length > maxBodyLength) {
                    throw WireException.transport("frame length " + length + " exceeds the maximum " + maxBodyLength);
                }
                bodyLength = (int) length;
                body = new byte[Math.min(bodyLength, Math.max(INITIAL_CAPACITY, chunk.remaining()))];
                bodyFill = 0;
            } else {
                if (bodyFill == body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(bodyLength, (long) GROWTH * body.length));
                }
                int n = Math.min(body.length - bodyFill, chunk.remaining());
                chunk.get(body, bodyFill, n);
                bodyFill += n;
            }
            if (bodyFill == bodyLength) {
                byte[] complete = body;
                body = null;
                bodyLength = -1;
                return complete;
            }
        }
        return null;
    }

    /** True when part of a frame has been read: EOF now means a truncated frame. */
    boolean midFrame() {
        return prefixFill > 0 || bodyLength >= 0;
    }

    private long declaredLength() {
        long length = 0;
        for (byte b : prefix) {
            length = (length << 8) | (b & 0xff);
        }
        return length;
    }
}
