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
        return Arrays.copyOf(AesGcm.encrypt(key, AesGcm.nonce(-1L), new byte[0], new byte[32]), 32);
    }
}
