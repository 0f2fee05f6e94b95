package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.transport.tcp.internal.wire.Outcome.Close;
import dev.ockamj.transport.tcp.internal.wire.Outcome.CloseReason;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * LEGACY ONLY: the receiving half of a pre-June-2024 connection (docs/wire.md §9): no handshake, frames of
 * {@code u16be L ‖ BARE body}. An undecodable body is dropped and the connection goes on; only EOF inside a
 * frame closes it. Not thread-safe: one connection, one reader.
 */
public final class LegacyInbound {

    private final FrameReader frames = new FrameReader(2, LegacyBare.MAX_BODY_LEN);
    private boolean closed;

    /** Consumes all of {@code chunk} and reports each complete frame to {@code outcomes}, in order. */
    public void feed(ByteBuffer chunk, Consumer<? super Outcome> outcomes) {
        if (closed) {
            chunk.position(chunk.limit());
            return;
        }
        byte[] body;
        while ((body = frames.read(chunk)) != null) { // a u16 prefix never exceeds the maximum
            outcomes.accept(decode(body));
        }
    }

    /** The peer closed its side: a {@link Close} when that cut a frame short, else empty. */
    public Optional<Close> onEof() {
        boolean truncated = !closed && frames.midFrame();
        closed = true;
        return truncated
                ? Optional.of(new Close(CloseReason.TRUNCATED_FRAME, "the connection ended inside a frame"))
                : Optional.empty();
    }

    public boolean isClosed() {
        return closed;
    }

    private static Outcome decode(byte[] body) {
        try {
            TransportMessage message = LegacyBare.decodeBody(body);
            return message.isHeartbeat() ? new Outcome.Heartbeat() : new Outcome.Deliver(message);
        } catch (WireException e) {
            return new Outcome.Drop(e.getMessage());
        }
    }
}
