package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.node.OckamException;

/**
 * Bytes that are not a valid frame or body ({@link Kind#DECODE}), or a message that cannot be framed
 * ({@link Kind#TRANSPORT}). Messages never contain raw peer bytes: peer text is escaped with
 * {@link dev.ockamj.node.internal.Printable#escape}.
 */
public final class WireException extends OckamException {

    public WireException(Kind kind, String message) {
        super(kind, message);
    }

    static WireException decode(String message) {
        return new WireException(Kind.DECODE, message);
    }

    static WireException transport(String message) {
        return new WireException(Kind.TRANSPORT, message);
    }

    /** {@code length} as an int, or a TRANSPORT error when it is more than {@code max}. */
    static int checkLength(String what, long length, long max) {
        if (length > max) {
            throw transport(what + " is " + length + " bytes, more than the maximum " + max);
        }
        return (int) length;
    }
}
