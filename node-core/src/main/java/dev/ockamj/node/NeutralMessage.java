package dev.ockamj.node;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A body that is raw bytes with no encoding of its own (Ockam's {@code NeutralMessage}). A message that
 * arrives from another node reaches a worker of type {@code NeutralMessage} exactly as the payload bytes
 * were on the wire; sending one writes its bytes unchanged.
 */
public record NeutralMessage(byte[] bytes) {

    public NeutralMessage {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a defensive copy; callers must not modify them. */
    public byte[] unsafeBytes() {
        return bytes;
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
