package dev.ockamj.identity.internal.vault;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, as Ockam's vault stores them, over the JDK's XDH provider. Private keys
 * are the 32-byte scalar before clamping; public keys the 32-byte little-endian u-coordinate. Thread-safe.
 */
public final class X25519 {
    public static final int KEY_LENGTH = 32;

    private X25519() {
    }

    /** A new random private key. */
    public static byte[] generatePrivateKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            XECPrivateKey k = (XECPrivateKey) g.generateKeyPair().getPrivate();
            return k.getScalar().orElseThrow(() -> new VaultException("the X25519 provider hides its scalar"));
        } catch (GeneralSecurityException e) {
            throw new VaultException("X25519 is not available: " + e, e);
        }
    }

    /** The public key of {@code privateKey}: scalar multiplication of the base point 9. */
    public static byte[] publicKey(byte[] privateKey) {
        byte[] nine = new byte[KEY_LENGTH];
        nine[0] = 9;
        return dh(privateKey, nine);
    }

    /**
     * The shared secret of {@code privateKey} and {@code peerPublicKey}.
     *
     * @throws VaultException if a key is not 32 bytes, or the result is all zeros (a low-order peer key)
     */
    public static byte[] dh(byte[] privateKey, byte[] peerPublicKey) {
        check(privateKey, "private key");
        check(peerPublicKey, "public key");
        try {
            KeyFactory f = KeyFactory.getInstance("X25519");
            PrivateKey priv = f.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.clone()));
            PublicKey pub = f.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(peerPublicKey)));
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(priv);
            ka.doPhase(pub, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            // the JDK refuses a shared secret of zeros (RFC 7748 §6.1), as it should
            throw new VaultException("X25519 key agreement failed: " + e.getMessage(), e);
        }
    }

    /** RFC 7748 §5: little-endian, the top bit of the last byte masked. */
    private static BigInteger uCoordinate(byte[] publicKey) {
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            be[i] = publicKey[KEY_LENGTH - 1 - i];
        }
        be[0] &= 0x7f;
        return new BigInteger(1, be);
    }

    private static void check(byte[] key, String what) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new VaultException("an X25519 " + what + " is 32 bytes, not "
                    + (key == null ? "null" : key.length + " bytes"));
        }
    }
}
