package dev.ockamj.identity.internal.vault;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;

/**
 * ECDSA over P-256 with SHA-256, as Ockam's vault uses it: public keys as 65-byte uncompressed SEC1 points
 * ({@code 04 ‖ X ‖ Y}), signatures as 64 raw bytes {@code r ‖ s} (not DER), secret keys as the 32-byte scalar.
 * The message is hashed with SHA-256 by the signature itself (Ockam passes a digest, so it is hashed twice).
 * Thread-safe.
 */
public final class EcdsaP256 {
    public static final int PUBLIC_KEY_LENGTH = 65;
    public static final int SIGNATURE_LENGTH = 64;
    private static final ECParameterSpec P256 = params();

    private EcdsaP256() {
    }

    /** A new key pair: [secret scalar (32 bytes), public key (65 bytes)]. */
    public static byte[][] generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            return new byte[][] {fixed(((ECPrivateKey) kp.getPrivate()).getS()), encodePublic((ECPublicKey) kp.getPublic())};
        } catch (GeneralSecurityException e) {
            throw new VaultException("P-256 is not available: " + e, e);
        }
    }

    public static byte[] sign(byte[] secret, byte[] message) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, secret), P256)));
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new VaultException("P-256 signing failed: " + e, e);
        }
    }

    /** @return false if the signature does not verify or the key is not a point of P-256 */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_LENGTH || publicKey[0] != 4) {
            throw new VaultException("a P-256 public key is 65 bytes starting 04 here");
        }
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            throw new VaultException("a P-256 signature is 64 bytes (r ‖ s) here");
        }
        try {
            ECPoint w = new ECPoint(new BigInteger(1, java.util.Arrays.copyOfRange(publicKey, 1, 33)),
                    new BigInteger(1, java.util.Arrays.copyOfRange(publicKey, 33, 65)));
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, P256)));
            s.update(message);
            return s.verify(signature);
        } catch (java.security.InvalidKeyException | java.security.spec.InvalidKeySpecException
                 | java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new VaultException("P-256 verification failed: " + e, e);
        }
    }

    static byte[] encodePublic(ECPublicKey key) {
        byte[] out = new byte[PUBLIC_KEY_LENGTH];
        out[0] = 4;
        System.arraycopy(fixed(key.getW().getAffineX()), 0, out, 1, 32);
        System.arraycopy(fixed(key.getW().getAffineY()), 0, out, 33, 32);
        return out;
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static ECParameterSpec params() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
