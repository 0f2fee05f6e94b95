package dev.ockamj.identity.internal.vault;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * Ed25519 (RFC 8032) on raw keys, as Ockam's vault stores them: a 32-byte secret seed, a 32-byte public key, a
 * 64-byte signature. Over the JDK's EdDSA provider. Thread-safe.
 */
public final class Ed25519 {
    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {
    }

    public static byte[] generateSecret() {
        try {
            EdECPrivateKey k = (EdECPrivateKey) KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
            return k.getBytes().orElseThrow(() -> new VaultException("the Ed25519 provider hides its seed"));
        } catch (GeneralSecurityException e) {
            throw new VaultException("Ed25519 is not available: " + e, e);
        }
    }

    public static byte[] publicKey(byte[] secret) {
        check(secret, KEY_LENGTH, "secret key");
        try {
            // the JDK has no "public key of this seed" call; its generator takes the seed from the SecureRandom
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedRandom(secret));
            return encodePublic((EdECPublicKey) g.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new VaultException("Ed25519 failed: " + e, e);
        }
    }

    /** Hands out the given bytes once: the seed, to the JDK's key pair generator. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("asked for " + bytes.length + " bytes, have a " + seed.length + "-byte seed");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }

    public static byte[] sign(byte[] secret, byte[] message) {
        check(secret, KEY_LENGTH, "secret key");
        try {
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(f.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, secret)));
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new VaultException("Ed25519 signing failed: " + e, e);
        }
    }

    /** @return false if the signature does not verify; a key or signature of the wrong size is an exception */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        check(publicKey, KEY_LENGTH, "public key");
        check(signature, SIGNATURE_LENGTH, "signature");
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(decodePublic(publicKey));
            s.update(message);
            return s.verify(signature);
        } catch (java.security.InvalidKeyException | java.security.spec.InvalidKeySpecException e) {
            return false; // not a point on the curve: nothing verifies under it
        } catch (GeneralSecurityException e) {
            throw new VaultException("Ed25519 verification failed: " + e, e);
        }
    }

    /** RFC 8032 §5.1.3: y little-endian, the top bit of the last byte is the parity of x. */
    static PublicKey decodePublic(byte[] raw) throws GeneralSecurityException {
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            be[i] = raw[KEY_LENGTH - 1 - i];
        }
        boolean xOdd = (be[0] & 0x80) != 0;
        be[0] &= 0x7f;
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    }

    static byte[] encodePublic(EdECPublicKey key) {
        EdECPoint p = key.getPoint();
        byte[] be = p.getY().toByteArray();
        byte[] le = new byte[KEY_LENGTH];
        for (int i = 0; i < Math.min(be.length, KEY_LENGTH); i++) {
            le[i] = be[be.length - 1 - i];
        }
        if (p.isXOdd()) {
            le[KEY_LENGTH - 1] |= (byte) 0x80;
        }
        return le;
    }

    private static void check(byte[] b, int n, String what) {
        if (b == null || b.length != n) {
            throw new VaultException("an Ed25519 " + what + " is " + n + " bytes, not "
                    + (b == null ? "null" : b.length + " bytes"));
        }
    }
}
