package dev.ockamj.node;

import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a message may reach a worker's address. A denied message is logged with its source and
 * destination and never reaches the worker.
 */
@FunctionalInterface
public interface IncomingAccessControl {

    /**
     * Decides on one message. Called for every message on the worker's own thread, before
     * {@link Worker#handleMessage}; one policy may serve several workers at once, so it must be thread-safe.
     *
     * @param msg the message, its onward route's first hop the worker's address
     * @return true to let it reach the worker
     */
    boolean isAuthorized(Routed<?> msg);

    /**
     * Allows every message (the default). The node skips the check for this one.
     *
     * @return the shared allow-all policy
     */
    static IncomingAccessControl allowAll() {
        return AccessControls.ALLOW_ALL_IN;
    }

    /**
     * Refuses every message.
     *
     * @return the shared deny-all policy
     */
    static IncomingAccessControl denyAll() {
        return AccessControls.DENY_ALL_IN;
    }

    /**
     * Allows messages whose source (the sending address) is one of {@code sources}.
     *
     * @param sources the allowed sources; for messages from another node the source is the connection's address
     * @return the policy
     */
    static IncomingAccessControl allowFrom(Address... sources) {
        Set<Address> allowed = Set.of(sources);
        return msg -> allowed.contains(msg.source());
    }

    /**
     * Allows messages whose source is one of {@code sources}, given as address strings.
     *
     * @param sources the allowed sources, each parsed with {@link Address#parse}
     * @return the policy
     * @throws OckamException INVALID_ADDRESS if one does not parse
     */
    static IncomingAccessControl allowFrom(String... sources) {
        return allowFrom(java.util.Arrays.stream(sources).map(Address::parse).toArray(Address[]::new));
    }

    /**
     * Both policies must allow.
     *
     * @param other the second policy, asked only if this one allows
     * @return a policy that allows what both allow
     */
    default IncomingAccessControl and(IncomingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) && other.isAuthorized(msg);
    }

    /**
     * Either policy may allow.
     *
     * @param other the second policy, asked only if this one refuses
     * @return a policy that allows what either allows
     */
    default IncomingAccessControl or(IncomingAccessControl other) {
        Objects.requireNonNull(other, "other");
        return msg -> isAuthorized(msg) || other.isAuthorized(msg);
    }

    /**
     * The opposite policy.
     *
     * @return a policy that allows what this one refuses, and refuses what it allows
     */
    default IncomingAccessControl negate() {
        return msg -> !isAuthorized(msg);
    }
}
