package dev.ockamj.identity.internal.vault;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 16-byte tag appended to the ciphertext and a 12-byte nonce made from a u64 counter as Noise's
 * AESGCM cipher makes it: four zero bytes, then the counter big-endian. Thread-safe (a Cipher per call).
 */
public final class AesGcm {
    public static final int KEY_LENGTH = 32;
    public static final int TAG_LENGTH = 16;

    private AesGcm() {
    }

    /** Noise's nonce for {@code counter}: 00 00 00 00 ‖ counter (big-endian). */
    public static byte[] nonce(long counter) {
        return ByteBuffer.allocate(12).putInt(0).putLong(counter).array();
    }

    /** One encryption; a caller that seals many messages keeps a {@link Session} instead. */
    public static byte[] encrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
        return new Session().encrypt(key, nonce, associatedData, plaintext);
    }

    /** @throws VaultException if the tag does not verify (a changed bit, another key or nonce, a cut message) */
    public static byte[] decrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] ciphertextAndTag) {
        return new Session().decrypt(key, nonce, associatedData, ciphertextAndTag);
    }

    /**
     * The same operations with one Cipher kept between calls, for the one thread that owns a channel half: getting a
     * Cipher from the provider costs more than sealing a small message. Not thread-safe.
     */
    public static final class Session {
        private Cipher cipher;
        private byte[] lastKey;
        private SecretKeySpec lastSpec;
        private final byte[] iv = new byte[12];

        public byte[] encrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
            return run(Cipher.ENCRYPT_MODE, key, nonce, associatedData, plaintext);
        }

        /** @throws VaultException if the tag does not verify */
        public byte[] decrypt(byte[] key, byte[] nonce, byte[] associatedData, byte[] ciphertextAndTag) {
            if (ciphertextAndTag.length < TAG_LENGTH) {
                throw new VaultException("an AES-GCM ciphertext has at least its 16-byte tag, not "
                        + ciphertextAndTag.length + " bytes");
            }
            return run(Cipher.DECRYPT_MODE, key, nonce, associatedData, ciphertextAndTag);
        }

        /**
         * Seals {@code length} bytes of {@code in} from {@code offset} with the nonce of {@code counter} and no
         * associated data, writing ciphertext and tag ({@code length + 16} bytes) into {@code out} at {@code at}:
         * the channel's frames are made without copies.
         */
        public void seal(byte[] key, long counter, byte[] in, int offset, int length, byte[] out, int at) {
            try {
                init(Cipher.ENCRYPT_MODE, key, counter).doFinal(in, offset, length, out, at);
            } catch (GeneralSecurityException e) {
                throw new VaultException("AES-GCM failed: " + e, e);
            }
        }

        /**
         * Opens {@code length} bytes of ciphertext and tag of {@code in} from {@code offset}, sealed as {@link #seal}
         * seals.
         *
         * @throws VaultException if the tag does not verify
         */
        public byte[] open(byte[] key, long counter, byte[] in, int offset, int length) {
            if (length < TAG_LENGTH) {
                throw new VaultException("an AES-GCM ciphertext has at least its 16-byte tag, not " + length + " bytes");
            }
            try {
                return init(Cipher.DECRYPT_MODE, key, counter).doFinal(in, offset, length);
            } catch (AEADBadTagException e) {
                throw new VaultException("AES-GCM: the tag does not verify", e);
            } catch (GeneralSecurityException e) {
                throw new VaultException("AES-GCM failed: " + e, e);
            }
        }

        private Cipher init(int mode, byte[] key, long counter) throws GeneralSecurityException {
            if (key == null || key.length != KEY_LENGTH) {
                throw new VaultException("an AES-256 key is 32 bytes, not " + (key == null ? "null" : key.length));
            }
            if (cipher == null) {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
            }
            if (!java.util.Arrays.equals(key, lastKey)) { // the key changes every 32 messages, not every message
                lastKey = key.clone();
                lastSpec = new SecretKeySpec(key, "AES");
            }
            ByteBuffer.wrap(iv).putInt(0).putLong(counter);
            cipher.init(mode, lastSpec, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            return cipher;
        }

        private byte[] run(int mode, byte[] key, byte[] nonce, byte[] ad, byte[] input) {
            if (key == null || key.length != KEY_LENGTH) {
                throw new VaultException("an AES-256 key is 32 bytes, not " + (key == null ? "null" : key.length));
            }
            if (nonce == null || nonce.length != 12) {
                throw new VaultException("an AES-GCM nonce is 12 bytes here, not " + (nonce == null ? "null" : nonce.length));
            }
            try {
                if (cipher == null) {
                    cipher = Cipher.getInstance("AES/GCM/NoPadding");
                }
                cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
                if (ad.length > 0) {
                    cipher.updateAAD(ad);
                }
                return cipher.doFinal(input);
            } catch (AEADBadTagException e) {
                throw new VaultException("AES-GCM: the tag does not verify", e);
            } catch (GeneralSecurityException e) {
                throw new VaultException("AES-GCM failed: " + e, e);
            }
        }
    }
}
