package dev.ockamj.identity;

import java.util.Set;

/**
 * Decides, once per handshake, whether the verified peer may have a channel with us. Implementations must be
 * thread-safe and quick (they run on the handshake worker).
 */
@FunctionalInterface
public interface TrustPolicy {

    /**
     * @param peer the peer's identifier, whose change history and secure channel key have verified
     * @return true to finish the handshake, false to refuse the peer
     */
    boolean trusts(Identifier peer);

    /**
     * A policy that trusts any peer whose identity verifies (Ockam's default).
     *
     * @return a policy that trusts any peer whose identity verifies (Ockam's default)
     */
    static TrustPolicy trustEveryone() {
        return peer -> true;
    }

    /**
     * @param identifier the only peer to trust
     * @return a policy that trusts that identifier alone
     */
    static TrustPolicy trustIdentifier(Identifier identifier) {
        return identifier::equals;
    }

    /**
     * @param identifiers the peers to trust
     * @return a policy that trusts exactly those identifiers
     */
    static TrustPolicy trustIdentifiers(Set<Identifier> identifiers) {
        Set<Identifier> copy = Set.copyOf(identifiers);
        return copy::contains;
    }
}
