package dev.ockamj.node.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A body that is raw bytes with no encoding of its own (Ockam's {@code NeutralMessage}). A message that
 * arrives from another node reaches a worker of type {@code NeutralMessage} exactly as the payload bytes
 * were on the wire; sending one writes its bytes unchanged.
 */
public final class NeutralMessage {

    private final byte[] bytes;

    private NeutralMessage(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A message holding a copy of {@code bytes}.
     *
     * @param bytes the payload, not null
     * @return the message
     */
    public static NeutralMessage of(byte[] bytes) {
        return new NeutralMessage(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /**
     * A message holding {@code bytes} without copying; the caller must not modify them afterwards.
     *
     * @param bytes the payload, not null
     * @return the message
     */
    public static NeutralMessage wrap(byte[] bytes) {
        return new NeutralMessage(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * The bytes {@code body} is when it leaves the JVM (for transports): a NeutralMessage's own bytes, anything
     * else encoded with BARE.
     *
     * @param body a message body
     * @return the payload bytes ({@link #unsafeBytes()} for a NeutralMessage: do not modify them)
     * @throws CodecException if the body's type cannot be encoded
     */
    public static byte[] encode(Object body) {
        return body instanceof NeutralMessage n ? n.bytes : dev.ockamj.node.codec.Bare.encode(body);
    }

    /**
     * A copy of the bytes.
     *
     * @return a new array holding the payload
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The bytes without a defensive copy; callers must not modify them.
     *
     * @return the message's own array
     */
    public byte[] unsafeBytes() {
        return bytes;
    }

    /**
     * The number of payload bytes.
     *
     * @return the payload's length
     */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeutralMessage n && Arrays.equals(n.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "NeutralMessage[" + (bytes.length <= 64 ? HexFormat.of().formatHex(bytes) : bytes.length + " bytes") + "]";
    }
}
