package dev.ockamj.identity.internal.vault;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256, HMAC-SHA256 and HKDF-SHA256 (RFC 5869) as Noise and Ockam's vault use them. Thread-safe. */
public final class Sha256 {
    public static final int LENGTH = 32;

    private Sha256() {
    }

    /** SHA-256 of the concatenation of {@code parts}. */
    public static byte[] hash(byte[]... parts) {
        MessageDigest d = digest();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** HMAC-SHA256 of the concatenation of {@code parts} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty key is legal in HMAC, but not in SecretKeySpec: a zero block is the same key (RFC 2104)
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[LENGTH] : key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new VaultException("HMAC-SHA256 is not available: " + e, e);
        }
    }

    /**
     * HKDF-SHA256 with {@code salt}, input key material {@code ikm} and empty info, as Noise's HKDF: {@code count}
     * (1 to 3) outputs of 32 bytes, output i = HMAC(PRK, output(i-1) ‖ i).
     */
    public static byte[][] hkdf(byte[] salt, byte[] ikm, int count) {
        if (count < 1 || count > 3) {
            throw new IllegalArgumentException("1 to 3 outputs, not " + count);
        }
        byte[] prk = hmac(salt, ikm);
        byte[][] out = new byte[count][];
        byte[] previous = new byte[0];
        for (int i = 0; i < count; i++) {
            previous = hmac(prk, previous, new byte[] {(byte) (i + 1)});
            out[i] = previous;
        }
        return out;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new VaultException("SHA-256 is not available", e);
        }
    }
}
