package dev.ockamj.identity.internal;

/** Test helper: an identity whose attestation is of one key while it handshakes with another. */
final class OwnIdentityProbe {
    private final OwnIdentity attested;
    private final OwnIdentity keys;

    OwnIdentityProbe(OwnIdentity attested, OwnIdentity keys) {
        this.attested = attested;
        this.keys = keys;
    }

    OwnIdentity mixed() {
        return OwnIdentity.forTests(attested.history(), keys.channelSecret(), attested.attestation());
    }
}
