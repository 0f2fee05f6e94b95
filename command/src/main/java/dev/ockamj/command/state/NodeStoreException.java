package dev.ockamj.command.state;

import dev.ockamj.node.OckamException;

/** A node-state operation failed; {@link #reason()} tells the CLI which exit code / hint to give. */
public final class NodeStoreException extends OckamException {

    /** Why the operation failed. */
    public enum Reason {
        /** The node name breaks the naming rule. */
        INVALID_NAME,
        /** {@code create} of a name that already exists. */
        ALREADY_EXISTS,
        /** The node does not exist. */
        NOT_FOUND,
        /** A state file is unreadable or malformed. */
        CORRUPT,
        /** Reading or writing {@code $OCKAM_HOME} failed. */
        IO
    }

    private final Reason reason;

    public NodeStoreException(Reason reason, String message) {
        super(Kind.INTERNAL, message);
        this.reason = reason;
    }

    public NodeStoreException(Reason reason, String message, Throwable cause) {
        super(Kind.INTERNAL, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
