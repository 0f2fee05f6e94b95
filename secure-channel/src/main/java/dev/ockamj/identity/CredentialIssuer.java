package dev.ockamj.identity;

import dev.ockamj.identity.internal.model.ChangeHistory;
import dev.ockamj.identity.internal.model.Changes;
import dev.ockamj.identity.internal.model.Credential;
import dev.ockamj.identity.internal.model.KeyType;
import dev.ockamj.identity.internal.model.PurposeKeyAttestation;
import dev.ockamj.identity.internal.model.SigningKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * An authority: an identity with a credential signing key (attested by it, as Ockam's authorities have) that issues
 * credentials, each stating attributes of one subject identity for a while. Peers that trust the authority's
 * identity accept them. Kept in memory. Thread-safe.
 */
public final class CredentialIssuer {
    private static final long KEY_TTL = PurposeKeyAttestation.DEFAULT_TTL_SECONDS;
    private final ChangeHistory history;
    private final SigningKey credentialKey;
    private final PurposeKeyAttestation attestation;

    private CredentialIssuer(ChangeHistory history, SigningKey credentialKey, PurposeKeyAttestation attestation) {
        this.history = history;
        this.credentialKey = credentialKey;
        this.attestation = attestation;
    }

    /** @return a new authority with a new Ed25519 identity and credential signing key */
    public static CredentialIssuer create() {
        long now = System.currentTimeMillis() / 1000;
        SigningKey identityKey = SigningKey.generate(KeyType.ED25519);
        ChangeHistory h = Changes.create(identityKey, now);
        SigningKey credentialKey = SigningKey.generate(KeyType.ED25519);
        PurposeKeyAttestation a = PurposeKeyAttestation.createCredentialSigning(h.identifier(), h.latestHash(),
                credentialKey.publicKeyBytes(), now, Math.min(now + KEY_TTL, h.latest().attestationsValidUntil()),
                identityKey::sign);
        return new CredentialIssuer(h, credentialKey, a);
    }

    /** @return the authority's identity, which peers must trust ({@code authorities(...)} in the options) */
    public Identity identity() {
        return Identity.of(history);
    }

    /**
     * Issues a credential.
     *
     * @param subject the identity the credential speaks of (its current change is named in it)
     * @param attributes what it states, e.g. {@code role=member}
     * @param ttl how long it is valid (within the authority's key's validity)
     * @return the credential and its issuer key's attestation, Ockam's {@code CredentialAndPurposeKey}, in hex
     */
    public String issue(Identity subject, Map<String, String> attributes, Duration ttl) {
        long now = System.currentTimeMillis() / 1000;
        PurposeKeyAttestation.Attested key = attestation.decodeUnverified();
        long expires = Math.min(now + ttl.toSeconds(), key.expiresAt());
        Credential c = Credential.issue(subject.identifier(), subject.latestChangeHash(), 1, attributes, now, expires,
                credentialKey, attestation);
        return HexFormat.of().formatHex(c.encode());
    }
}
