package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.transport.tcp.internal.wire.Outcome.Close;
import dev.ockamj.transport.tcp.internal.wire.Outcome.CloseReason;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The receiving half of one current-protocol connection (docs/wire.md §2, §3, §8): the peer's version byte
 * {@code 0x01}, then frames of {@code u32be L ‖ CBOR body}. Feed it the bytes as they arrive; it reports one
 * {@link Outcome} per frame. Not thread-safe: one connection, one reader.
 */
public final class V1Inbound {

    /** The only protocol version there is ({@code TcpProtocolVersion::V1}). */
    public static final byte PROTOCOL_VERSION = 0x01;

    private final FrameReader frames = new FrameReader(4, CborV1.MAX_BODY_LEN);
    private boolean versionSeen;
    private boolean closed;

    /**
     * Consumes all of {@code chunk} and reports each complete frame to {@code outcomes}, in order. After a
     * {@link Close} the rest of the chunk, and every later chunk, is ignored.
     */
    public void feed(ByteBuffer chunk, Consumer<? super Outcome> outcomes) {
        while (!closed && chunk.hasRemaining()) {
            if (!versionSeen) {
                int version = chunk.get() & 0xff;
                if (version != PROTOCOL_VERSION) {
                    outcomes.accept(close(CloseReason.UNSUPPORTED_PROTOCOL_VERSION,
                            "unsupported protocol version " + version));
                    break;
                }
                versionSeen = true;
                continue;
            }
            if (!frames.midFrame() && chunk.remaining() >= 4) {
                // the usual case: the whole frame is in the read buffer, decoded where it lies, not copied first
                int length = chunk.getInt(chunk.position()); // negative: above 2^31, too long for the check below
                if (length >= 0 && length <= CborV1.MAX_BODY_LEN && length <= chunk.remaining() - 4) {
                    int start = chunk.position() + 4;
                    chunk.position(start + length);
                    outcomes.accept(decode(chunk, start, start + length));
                    continue;
                }
            }
            byte[] body;
            try {
                body = frames.read(chunk);
            } catch (WireException e) {
                outcomes.accept(close(CloseReason.FRAME_TOO_LONG, e.getMessage()));
                break;
            }
            if (body != null) {
                outcomes.accept(decode(ByteBuffer.wrap(body), 0, body.length));
            }
        }
        if (closed) {
            chunk.position(chunk.limit());
        }
    }

    /**
     * The peer closed its side. Returns the {@link Close} to report when that is an error (before the version
     * byte, or inside a frame); empty for a clean end between frames or when already closed.
     */
    public Optional<Close> onEof() {
        if (closed) {
            return Optional.empty();
        }
        if (!versionSeen) {
            return Optional.of(close(CloseReason.UNSUPPORTED_PROTOCOL_VERSION,
                    "the connection ended before the protocol version byte"));
        }
        closed = true;
        return frames.midFrame()
                ? Optional.of(new Close(CloseReason.TRUNCATED_FRAME, "the connection ended inside a frame"))
                : Optional.empty();
    }

    /** True once a {@link Close} has been reported. */
    public boolean isClosed() {
        return closed;
    }

    private Outcome decode(ByteBuffer in, int start, int end) {
        try {
            TransportMessage message = CborV1.decodeBody(in, start, end);
            return message.isHeartbeat() ? new Outcome.Heartbeat() : new Outcome.Deliver(message);
        } catch (WireException e) {
            return close(CloseReason.DECODE_ERROR, e.getMessage());
        }
    }

    private Close close(CloseReason reason, String detail) {
        closed = true;
        return new Close(reason, detail);
    }
}
