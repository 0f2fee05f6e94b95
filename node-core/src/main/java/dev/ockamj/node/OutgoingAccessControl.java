package dev.ockamj.node;

import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a worker's address may send a message. Checked when the worker sends; a denied message
 * is logged with its source and destination and is not sent ({@link OckamException.Kind#ACCESS_DENIED}).
 */
@FunctionalInterface
public interface OutgoingAccessControl {

    /**
     * Decides on one message. Called for every message on the thread that sends it (any caller of the worker's
     * context), so it must be thread-safe.
     *
     * @param msg the message, its source the sending address
     * @return true to let it be sent
     */
    boolean isAuthorized(Routed<?> msg);

    /**
     * Allows every message (the default). The node skips the check for this one.
     *
     * @return the shared allow-all policy
     */
    static OutgoingAccessControl allowAll() {
        return AccessControls.ALLOW_ALL_OUT;
    }

    /**
     * Refuses every message.
     *
     * @return the shared deny-all policy
     */
    static OutgoingAccessControl denyAll() {
        return AccessControls.DENY_ALL_OUT;
    }

    /**
     * Allows messages whose next hop is one of {@code destinations}.
     *
     * @param destinations the allowed first hops of the onward route
     * @return the policy
     */
    static OutgoingAccessControl allowTo(Address... destinations) {
        Set<Address> allowed = Set.of(destinations);
        return msg -> allowed.contains(msg.onwardRoute().nextOrNull());
    }

    /**
     * Allows messages whose next hop is one of {@code destinations}, given as address strings.
     *
     * @param destinations the allowed first hops, each parsed with {@link Address#parse}
     * @return the policy
     * @throws OckamException INVALID_ADDRESS if one does not parse
     */
    static OutgoingAccessControl allowTo(String... destinations) {
        return allowTo(java.util.Arrays.stream(destinations).map(Address::parse).toArray(Address[]::new));
    }

    /**
     * Both policies must allow.
     *
     * @param other the second policy, asked only if this one allows
     * @return a policy that allows what both allow
     */
    default OutgoingAccessControl and(OutgoingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) && other.isAuthorized(msg);
    }

    /**
     * Either policy may allow.
     *
     * @param other the second policy, asked only if this one refuses
     * @return a policy that allows what either allows
     */
    default OutgoingAccessControl or(OutgoingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) || other.isAuthorized(msg);
    }

    /**
     * The opposite policy.
     *
     * @return a policy that allows what this one refuses, and refuses what it allows
     */
    default OutgoingAccessControl negate() {
        return msg -> !isAuthorized(msg);
    }
}
