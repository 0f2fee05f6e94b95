package dev.ockamj.identity.internal.channel;

import dev.ockamj.identity.internal.vault.AesGcm;
import java.nio.ByteBuffer;

/**
 * The sending half of a channel: each message is its 8-byte big-endian nonce, then the AES-256-GCM ciphertext
 * and tag (no associated data), the key renewed before nonces 32, 64, ... (encryptor.rs at fb8fb64). Not
 * thread-safe: one encryptor worker owns it.
 */
final class Encryptor {
    static final int OVERHEAD = 8 + AesGcm.TAG_LENGTH;
    private final AesGcm.Session aes = new AesGcm.Session();
    private byte[] key;
    private long nonce;

    Encryptor(byte[] key, long firstNonce) {
        this.key = key.clone();
        this.nonce = firstNonce;
    }

    /** Keys renewed so far: once before each of nonces 32, 64, ... that has been used. */
    long rekeys() {
        long next = nonce;
        return next == 0 ? 0 : Long.divideUnsigned(next - 1, Rekey.INTERVAL);
    }

    byte[] encrypt(byte[] plaintext) {
        long n = nonce;
        if (n == -1L) { // u64::MAX: reserved for rekeying
            throw new IllegalStateException("the channel has used every nonce; it must be created again");
        }
        nonce++;
        if (n > 0 && Long.remainderUnsigned(n, Rekey.INTERVAL) == 0) {
            key = Rekey.next(aes, key);
        }
        byte[] frame = new byte[8 + plaintext.length + AesGcm.TAG_LENGTH];
        ByteBuffer.wrap(frame).putLong(n);
        aes.seal(key, n, plaintext, 0, plaintext.length, frame, 8);
        return frame;
    }
}
