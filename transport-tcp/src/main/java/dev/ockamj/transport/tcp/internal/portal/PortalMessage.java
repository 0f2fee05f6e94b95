package dev.ockamj.transport.tcp.internal.portal;

import java.util.Arrays;

/**
 * Ockam's portal messages, byte for byte (ockam_transport_tcp/src/portal/portal_message.rs at fb8fb64): a BARE
 * enum — {@code 0} Ping (inlet → outlet listener), {@code 1} Pong (outlet → inlet), {@code 2} Disconnect, {@code 3}
 * Payload: a BARE byte slice (uleb128 length, bytes), optionally followed by a packet counter ({@code 1}, u16
 * little-endian) that Rust reads but does not write at fb8fb64; neither do we. A payload carries at most
 * {@link #MAX_PAYLOAD_SIZE} bytes.
 */
public sealed interface PortalMessage {
    /** Rust's {@code MAX_PAYLOAD_SIZE}: what a socket read is cut into. */
    int MAX_PAYLOAD_SIZE = 48 * 1024;

    byte[] PING = {0};
    byte[] PONG = {1};
    byte[] DISCONNECT = {2};

    /** The first message an inlet sends to an outlet listener. */
    record Ping() implements PortalMessage {
    }

    /** The outlet's answer, from the address that serves this connection. */
    record Pong() implements PortalMessage {
    }

    /** The connection on the sending side ended. */
    record Disconnect() implements PortalMessage {
    }

    /**
     * Bytes of the stream.
     *
     * @param data the array holding them
     * @param offset where they start
     * @param length how many
     * @param counter the packet counter if the sender wrote one, else -1
     */
    record Payload(byte[] data, int offset, int length, int counter) implements PortalMessage {
        /** @return a copy of the bytes */
        public byte[] bytes() {
            return Arrays.copyOfRange(data, offset, offset + length);
        }
    }

    /**
     * Encodes a payload of {@code length} bytes of {@code data} from {@code offset}, with no counter (as Rust).
     *
     * @param data the bytes
     * @param offset where they start
     * @param length how many, at most {@link #MAX_PAYLOAD_SIZE}
     * @return the message's bytes
     */
    static byte[] payload(byte[] data, int offset, int length) {
        if (length > MAX_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("a portal payload holds at most " + MAX_PAYLOAD_SIZE + " bytes");
        }
        int head = 1 + varintSize(length);
        byte[] out = new byte[head + length];
        out[0] = 3;
        int at = 1;
        for (long v = length; ; v >>>= 7) {
            if (v < 0x80) {
                out[at] = (byte) v;
                break;
            }
            out[at++] = (byte) ((v & 0x7f) | 0x80);
        }
        System.arraycopy(data, offset, out, head, length);
        return out;
    }

    private static int varintSize(long v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * Decodes a portal message; the payload's bytes are not copied.
     *
     * @param bytes a message's payload
     * @return the message
     * @throws IllegalArgumentException with what is wrong, if it is not a portal message
     */
    static PortalMessage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("an empty portal message");
        }
        switch (bytes[0]) {
            case 0: return new Ping();
            case 1: return new Pong();
            case 2: return new Disconnect();
            case 3: break;
            default: throw new IllegalArgumentException("unknown portal message variant " + (bytes[0] & 0xff));
        }
        long length = 0;
        int at = 1;
        for (int shift = 0; ; shift += 7) {
            if (at >= bytes.length || shift > 63) { // Rust's read_variable_length_integer reads up to 64 bits
                throw new IllegalArgumentException("a portal payload's length is cut or too long");
            }
            int b = bytes[at++] & 0xff;
            if (shift < 63) {
                length |= (long) (b & 0x7f) << shift;
            } else if ((b & 0x7f) > 1) {
                throw new IllegalArgumentException("a portal payload's length is over 64 bits");
            }
            if (b < 0x80) {
                break;
            }
        }
        if (length < 0 || length > bytes.length - at) {
            throw new IllegalArgumentException("a portal payload says " + length + " bytes but holds "
                    + (bytes.length - at));
        }
        int start = at;
        at += (int) length;
        int counter = -1;
        if (bytes.length - at >= 3 && bytes[at] == 1) { // Rust reads a counter only when 3 bytes follow
            counter = (bytes[at + 1] & 0xff) | (bytes[at + 2] & 0xff) << 8;
        }
        return new Payload(bytes, start, (int) length, counter);
    }
}
