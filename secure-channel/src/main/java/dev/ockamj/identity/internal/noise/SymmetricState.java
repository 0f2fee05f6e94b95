package dev.ockamj.identity.internal.noise;

import dev.ockamj.identity.internal.vault.AesGcm;
import dev.ockamj.identity.internal.vault.Sha256;

/**
 * Noise's SymmetricState (spec rev 34 §5.2) with Ockam's initialisation: the 32-byte protocol name is the first
 * chaining key as it is, and the first handshake hash is SHA-256 of it (Noise's MixHash of an empty prologue).
 * Source: ockam_identity/src/secure_channel/handshake/handshake.rs at fb8fb64 (initialize, mix_hash, hkdf,
 * encrypt_and_hash, hash_and_decrypt). Not thread-safe: one handshake, one thread at a time.
 */
final class SymmetricState {
    private byte[] ck;
    private byte[] h;
    private byte[] k; // null until the first MixKey
    private long n;

    SymmetricState(byte[] protocolName) {
        if (protocolName.length != Sha256.LENGTH) {
            throw new IllegalArgumentException("a protocol name is 32 bytes here, not " + protocolName.length);
        }
        ck = protocolName.clone();
        h = Sha256.hash(protocolName);
    }

    void mixHash(byte[] data) {
        h = Sha256.hash(h, data);
    }

    /** ck, k = HKDF(ck, ikm); the nonce counter starts again at 0. */
    void mixKey(byte[] ikm) {
        byte[][] out = Sha256.hkdf(ck, ikm, 2);
        ck = out[0];
        k = out[1];
        n = 0;
    }

    /** With a key: AES-GCM under (k, n) with h as associated data, then MixHash of the ciphertext. */
    byte[] encryptAndHash(byte[] plaintext) {
        byte[] c = k == null ? plaintext.clone() : AesGcm.encrypt(k, AesGcm.nonce(n++), h, plaintext);
        mixHash(c);
        return c;
    }

    byte[] decryptAndHash(byte[] ciphertext) {
        byte[] p = k == null ? ciphertext.clone() : AesGcm.decrypt(k, AesGcm.nonce(n), h, ciphertext);
        if (k != null) {
            n++;
        }
        mixHash(ciphertext);
        return p;
    }

    /** The two transport keys: HKDF(ck, empty). */
    byte[][] split() {
        return Sha256.hkdf(ck, new byte[0], 2);
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    byte[] chainingKey() {
        return ck.clone();
    }

    long nonce() {
        return n;
    }
}
