package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.vault.EcdsaP256;
import dev.ockamj.identity.internal.vault.Ed25519;

/** An identity's secret signing key with its public key. The secret never leaves the vault's classes. */
public record SigningKey(KeyType type, byte[] secret, byte[] publicKey) {

    public static SigningKey generate(KeyType type) {
        if (type == KeyType.ED25519) {
            byte[] seed = Ed25519.generateSecret();
            return new SigningKey(type, seed, Ed25519.publicKey(seed));
        }
        byte[][] pair = EcdsaP256.generate();
        return new SigningKey(type, pair[0], pair[1]);
    }

    public static SigningKey ed25519(byte[] seed) {
        return new SigningKey(KeyType.ED25519, seed.clone(), Ed25519.publicKey(seed));
    }

    public KeyBytes publicKeyBytes() {
        return new KeyBytes(type, publicKey);
    }

    public KeyBytes sign(byte[] digest) {
        return new KeyBytes(type, type == KeyType.ED25519 ? Ed25519.sign(secret, digest) : EcdsaP256.sign(secret, digest));
    }

    @Override
    public String toString() {
        return "SigningKey[" + type + ", secret hidden]";
    }
}
