package dev.ockamj.node;

import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a message may reach a worker's address. A denied message is logged with its source and
 * destination and never reaches the worker.
 */
@FunctionalInterface
public interface IncomingAccessControl {

    boolean isAuthorized(Routed<?> msg);

    static IncomingAccessControl allowAll() {
        return AccessControls.ALLOW_ALL_IN;
    }

    static IncomingAccessControl denyAll() {
        return AccessControls.DENY_ALL_IN;
    }

    /** Allows messages whose source (the sending address) is one of {@code sources}. */
    static IncomingAccessControl allowFrom(Address... sources) {
        Set<Address> allowed = Set.of(sources);
        return msg -> allowed.contains(msg.source());
    }

    /** Allows messages whose source is one of {@code sources}, given as address strings. */
    static IncomingAccessControl allowFrom(String... sources) {
        return allowFrom(java.util.Arrays.stream(sources).map(Address::parse).toArray(Address[]::new));
    }

    default IncomingAccessControl and(IncomingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) && other.isAuthorized(msg);
    }

    default IncomingAccessControl or(IncomingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) || other.isAuthorized(msg);
    }

    default IncomingAccessControl negate() {
        return msg -> !isAuthorized(msg);
    }
}
