package dev.ockamj.transport.tcp.internal.wire;

/** The bytes the sending half of a current-protocol connection writes (docs/wire.md §2, §3). */
public final class V1Outbound {

    private V1Outbound() {
    }

    /** Written once, right after connect/accept, without waiting for the peer's. */
    public static byte[] handshake() {
        return new byte[] {V1Inbound.PROTOCOL_VERSION};
    }

    /**
     * {@code u32be L ‖ body}, in one array to write with one call.
     *
     * @throws WireException of kind TRANSPORT when the body would exceed {@link CborV1#MAX_BODY_LEN}; Rust then
     *     stops the connection ({@code MessageLengthExceeded}), and so should the caller
     */
    public static byte[] frame(TransportMessage message) {
        int length = WireException.checkLength("the message body", CborV1.bodyLength(message), CborV1.MAX_BODY_LEN);
        byte[] frame = CborV1.encode(message, 4, length);
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        return frame;
    }
}
