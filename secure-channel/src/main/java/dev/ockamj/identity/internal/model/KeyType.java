package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.vault.Ed25519;
import dev.ockamj.identity.internal.vault.EcdsaP256;

/**
 * The two signing key types of Ockam identities, with their variant index in every enum that names one
 * (VerifyingPublicKey, Signature, PrimaryPublicKey, ChangeSignature...: 0 Ed25519, 1 P-256; ockam_vault
 * src/types/public_keys.rs and signatures.rs, ockam_identity src/models/change_history.rs at fb8fb64).
 */
public enum KeyType {
    ED25519(Ed25519.KEY_LENGTH),
    P256(EcdsaP256.PUBLIC_KEY_LENGTH);

    private final int publicKeyLength;

    KeyType(int publicKeyLength) {
        this.publicKeyLength = publicKeyLength;
    }

    public int index() {
        return ordinal();
    }

    public int publicKeyLength() {
        return publicKeyLength;
    }

    static KeyType of(long index, String what) {
        if (index == 0) {
            return ED25519;
        }
        if (index == 1) {
            return P256;
        }
        throw new CborException("unknown " + what + " variant " + index + " (0 is Ed25519, 1 is P-256)");
    }

    /** Verifies {@code signature} over {@code message} (Ockam signs the 32-byte SHA-256 digest of the data). */
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return this == ED25519 ? Ed25519.verify(publicKey, message, signature)
                : EcdsaP256.verify(publicKey, message, signature);
    }
}
