package dev.ockamj.node;

import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a worker's address may send a message. Checked when the worker sends; a denied message
 * is logged with its source and destination and is not sent ({@link OckamException.Kind#ACCESS_DENIED}).
 */
@FunctionalInterface
public interface OutgoingAccessControl {

    boolean isAuthorized(Routed<?> msg);

    static OutgoingAccessControl allowAll() {
        return AccessControls.ALLOW_ALL_OUT;
    }

    static OutgoingAccessControl denyAll() {
        return AccessControls.DENY_ALL_OUT;
    }

    /** Allows messages whose next hop is one of {@code destinations}. */
    static OutgoingAccessControl allowTo(Address... destinations) {
        Set<Address> allowed = Set.of(destinations);
        return msg -> allowed.contains(msg.onwardRoute().nextOrNull());
    }

    static OutgoingAccessControl allowTo(String... destinations) {
        return allowTo(java.util.Arrays.stream(destinations).map(Address::parse).toArray(Address[]::new));
    }

    default OutgoingAccessControl and(OutgoingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) && other.isAuthorized(msg);
    }

    default OutgoingAccessControl or(OutgoingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) || other.isAuthorized(msg);
    }

    default OutgoingAccessControl negate() {
        return msg -> !isAuthorized(msg);
    }
}
