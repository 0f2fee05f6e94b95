package dev.ockamj.transport.tcp.internal.wire;

/** LEGACY ONLY: frames for pre-June-2024 peers (docs/wire.md §9). There is no handshake. */
public final class LegacyOutbound {

    private LegacyOutbound() {
    }

    /**
     * {@code u16be L ‖ version-1 BARE body} (without tracing context), in one array.
     *
     * @throws WireException of kind TRANSPORT when the body would exceed 65,535 bytes (Rust's
     *     {@code TransportError::Capacity})
     */
    public static byte[] frame(TransportMessage message) {
        int length = WireException.checkLength("the legacy message body", LegacyBare.bodyLength(message),
                LegacyBare.MAX_BODY_LEN);
        byte[] frame = LegacyBare.encode(message, 2, length);
        frame[0] = (byte) (length >>> 8);
        frame[1] = (byte) length;
        return frame;
    }
}
