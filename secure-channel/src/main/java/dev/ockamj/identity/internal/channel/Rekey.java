package dev.ockamj.identity.internal.channel;

import dev.ockamj.identity.internal.vault.AesGcm;
import java.util.Arrays;

/**
 * Ockam's key renewal: every 32 messages the key becomes the first 32 bytes of AES-GCM-encrypting 32 zero bytes
 * under the old key, at nonce u64::MAX, with no associated data (ockam_identity src/secure_channel/encryptor.rs
 * rekey and KEY_RENEWAL_INTERVAL at fb8fb64). Nonce u64::MAX is never a message's.
 */
final class Rekey {
    static final int INTERVAL = 32;

    private Rekey() {
    }

    static byte[] next(byte[] key) {
        return next(new AesGcm.Session(), key);
    }

    /** {@link #next(byte[])} with the caller's session: a new Cipher every 32 messages costs more than the rest. */
    static byte[] next(AesGcm.Session aes, byte[] key) {
        byte[] sealed = new byte[32 + AesGcm.TAG_LENGTH];
        aes.seal(key, -1L, new byte[32], 0, 32, sealed, 0);
        return Arrays.copyOf(sealed, 32);
    }
}
