package dev.ockamj.identity.internal;

import dev.ockamj.identity.internal.model.ChangeHistory;
import dev.ockamj.identity.internal.model.Changes;
import dev.ockamj.identity.internal.model.IdentityPayload;
import dev.ockamj.identity.internal.model.KeyType;
import dev.ockamj.identity.internal.model.PurposeKeyAttestation;
import dev.ockamj.identity.internal.model.SigningKey;
import dev.ockamj.identity.internal.vault.X25519;
import java.util.List;

/**
 * This node's identity with its secrets: the signing key of its latest change, and its secure channel key (an
 * X25519 static key) with the attestation that binds it to the identity. Immutable, thread-safe.
 */
public final class OwnIdentity {
    private final ChangeHistory history;
    private final SigningKey signingKey;
    private final byte[] channelSecret;
    private final PurposeKeyAttestation attestation;

    private OwnIdentity(ChangeHistory history, SigningKey signingKey, byte[] channelSecret, PurposeKeyAttestation attestation) {
        this.history = history;
        this.signingKey = signingKey;
        this.channelSecret = channelSecret;
        this.attestation = attestation;
    }

    /** A new identity with a new key of {@code type} and a new secure channel key, attested for five years. */
    public static OwnIdentity create(KeyType type, long nowSeconds) {
        SigningKey key = SigningKey.generate(type);
        return of(Changes.create(key, nowSeconds), key, X25519.generatePrivateKey(), nowSeconds);
    }

    /** The identity of {@code history} whose latest key is {@code key}, with a secure channel key attested now. */
    public static OwnIdentity of(ChangeHistory history, SigningKey key, byte[] channelSecret, long nowSeconds) {
        long until = Math.min(nowSeconds + PurposeKeyAttestation.DEFAULT_TTL_SECONDS, history.latest().attestationsValidUntil());
        PurposeKeyAttestation a = PurposeKeyAttestation.create(history.identifier(), history.latestHash(),
                X25519.publicKey(channelSecret), nowSeconds, until, key::sign);
        return new OwnIdentity(history, key, channelSecret.clone(), a);
    }

    /** An identity that presents {@code attestation} while it handshakes with {@code channelSecret}: for tests. */
    static OwnIdentity forTests(ChangeHistory history, byte[] channelSecret, PurposeKeyAttestation attestation) {
        return new OwnIdentity(history, null, channelSecret.clone(), attestation);
    }

    public ChangeHistory history() {
        return history;
    }

    /** The secret of the current key (for {@code IdentitySecrets}). */
    public SigningKey signingKey() {
        return signingKey;
    }

    public byte[] channelSecret() {
        return channelSecret.clone();
    }

    public PurposeKeyAttestation attestation() {
        return attestation;
    }

    /** What this identity presents in a handshake, with its credential if it has one. */
    public byte[] handshakePayload(byte[] credential) {
        return new IdentityPayload(history.encoded(), attestation, credential == null ? List.of() : List.of(credential))
                .encode();
    }
}
