package dev.ockamj.node;

import java.util.Objects;

/**
 * The one unchecked error type of ockamj. {@link #kind()} is machine-readable; the message names the
 * address, route or peer involved.
 */
public class OckamException extends RuntimeException {

    /** What went wrong, in Ockam's terms. */
    public enum Kind {
        /** No worker owns the address (Ockam's {@code AddressNotFound}). */
        ADDRESS_NOT_FOUND,
        /** A worker is already started at the address. */
        ADDRESS_TAKEN,
        /** Text that should be an address, a route or a multiaddr is not one. */
        INVALID_ADDRESS,
        /** A reply or an operation did not arrive in time. */
        TIMEOUT,
        /** Bytes could not be decoded to the expected type, or a value could not be encoded. */
        DECODE,
        /** Access control refused the message. */
        ACCESS_DENIED,
        /** A transport failed: connect, I/O, peer gone. */
        TRANSPORT,
        /** The node is stopping or stopped. */
        NODE_STOPPED,
        /** Anything else. */
        INTERNAL
    }

    /** What went wrong; never null. */
    private final Kind kind;

    /**
     * An error of the given kind.
     *
     * @param kind what went wrong, not null
     * @param message what happened, naming the address, route or peer involved
     */
    public OckamException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * An error of the given kind, caused by another.
     *
     * @param kind what went wrong, not null
     * @param message what happened, naming the address, route or peer involved
     * @param cause the underlying error
     */
    public OckamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * What went wrong, for code that handles errors by kind.
     *
     * @return the kind, never null
     */
    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "OckamException[" + kind + "]: " + getMessage();
    }
}
