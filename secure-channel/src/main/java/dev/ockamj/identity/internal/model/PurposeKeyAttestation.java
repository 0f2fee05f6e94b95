package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;
import dev.ockamj.identity.internal.vault.Sha256;
import dev.ockamj.identity.internal.vault.VaultException;
import java.util.Arrays;

/**
 * An identity's signed statement that an X25519 key is its secure channel key: {@code [bstr versioned data,
 * signature]}, the data {@code [subject, subject's latest change hash, [0, [x25519 key]], created at, expires
 * at]}, signed by the subject's current primary key over SHA-256 of the versioned data (ockam_identity
 * src/models/purpose_key_attestation.rs and src/purpose_keys/purpose_key_verification.rs at fb8fb64). Only the
 * secure channel kind ({@code SecureChannelStatic}, variant 0) is made and accepted here.
 */
public record PurposeKeyAttestation(byte[] data, KeyBytes signature) {
    /** Ockam's allowance for a clock ahead of ours. */
    public static final long MAX_CLOCK_DRIFT_SECONDS = 60;
    /** Ockam's default lifetime of a secure channel key: five years of 365 days. */
    public static final long DEFAULT_TTL_SECONDS = 5L * 365 * 24 * 3600;

    /**
     * The attested key and its validity, once verified: a secure channel key (X25519, {@code SecureChannelStatic},
     * variant 0) or a credential signing key ({@code CredentialSigning}, variant 1).
     */
    public record Attested(Identifier subject, byte[] subjectLatestChangeHash, byte[] x25519PublicKey,
                           KeyBytes credentialKey, long createdAt, long expiresAt) {
        public boolean isSecureChannelKey() {
            return x25519PublicKey != null;
        }
    }

    public static PurposeKeyAttestation create(Identifier subject, byte[] latestChangeHash, byte[] x25519Public,
                                               long createdAt, long expiresAt, java.util.function.Function<byte[], KeyBytes> sign) {
        CborWriter key = new CborWriter().array(2).uint(0).array(1).bytes(x25519Public);
        return attest(subject, latestChangeHash, key.toByteArray(), createdAt, expiresAt, sign);
    }

    /** An attestation of a credential signing key (for an authority that issues credentials). */
    public static PurposeKeyAttestation createCredentialSigning(Identifier subject, byte[] latestChangeHash, KeyBytes key,
                                                                long createdAt, long expiresAt,
                                                                java.util.function.Function<byte[], KeyBytes> sign) {
        CborWriter w = new CborWriter().array(2).uint(1).array(1);
        key.write(w);
        return attest(subject, latestChangeHash, w.toByteArray(), createdAt, expiresAt, sign);
    }

    private static PurposeKeyAttestation attest(Identifier subject, byte[] latestChangeHash, byte[] purposeKey,
                                                long createdAt, long expiresAt,
                                                java.util.function.Function<byte[], KeyBytes> sign) {
        byte[] inner = new CborWriter().array(5).bytes(subject.bytes()).bytes(latestChangeHash)
                .raw(purposeKey).uint(createdAt).uint(expiresAt).toByteArray();
        byte[] vd = VersionedData.encode(VersionedData.PURPOSE_KEY_ATTESTATION, inner);
        return new PurposeKeyAttestation(vd, sign.apply(Sha256.hash(vd)));
    }

    public void write(CborWriter w) {
        w.array(2).bytes(data);
        signature.write(w);
    }

    public static PurposeKeyAttestation read(CborReader r) {
        int n = r.array("purpose key attestation");
        if (n < 2) {
            throw new CborException("a purpose key attestation has 2 elements, not " + n);
        }
        byte[] data = r.bytes("purpose key attestation data");
        KeyBytes sig = KeyBytes.readSignature(r, "purpose key attestation signature");
        r.skipExtra(n, 2, "purpose key attestation");
        return new PurposeKeyAttestation(data, sig);
    }

    /**
     * Verifies the attestation as Ockam does, against the subject's verified history: it names the subject and
     * the subject's latest change, lies within that change's attestation period, is not from the future (beyond
     * the drift) nor expired, and is signed by the latest primary key.
     */
    public Attested verify(ChangeHistory subject, long nowSeconds) {
        Attested a = decodeUnverified();
        Identifier who = a.subject();
        byte[] latest = a.subjectLatestChangeHash();
        long created = a.createdAt();
        long expires = a.expiresAt();
        if (!who.equals(subject.identifier())) {
            throw new IdentityException("the purpose key attestation is of " + who + ", not " + subject.identifier());
        }
        if (!Arrays.equals(latest, subject.latestHash())) {
            throw new IdentityException("the purpose key attestation names a change that is not "
                    + subject.identifier() + "'s latest");
        }
        ChangeData last = subject.latest();
        if (Long.compareUnsigned(expires, last.attestationsValidUntil()) > 0) {
            throw new IdentityException("the purpose key attestation outlives the identity key's attestation period");
        }
        if (Long.compareUnsigned(created, last.attestationsValidFrom()) < 0) {
            throw new IdentityException("the purpose key attestation is older than the identity key's attestation period");
        }
        if (Long.compareUnsigned(created, nowSeconds + MAX_CLOCK_DRIFT_SECONDS) > 0) {
            throw new IdentityException("the purpose key attestation is created in the future (" + created + ", now "
                    + nowSeconds + ")");
        }
        if (Long.compareUnsigned(expires, nowSeconds) < 0) {
            throw new IdentityException("the purpose key attestation expired at " + expires + " (now " + nowSeconds + ")");
        }
        KeyBytes primary = last.primaryPublicKey();
        boolean ok;
        try {
            ok = primary.type() == signature.type() && primary.type().verify(primary.bytes(), Sha256.hash(data), signature.bytes());
        } catch (VaultException e) {
            ok = false;
        }
        if (!ok) {
            throw new IdentityException("the purpose key attestation's signature does not verify");
        }
        return a;
    }

    /**
     * What the attestation says, decoded but not verified: for an attestation whose subject's history is not at
     * hand (then nothing in it may be trusted).
     */
    public Attested decodeUnverified() {
        byte[] inner;
        try {
            inner = VersionedData.decode(data, VersionedData.PURPOSE_KEY_ATTESTATION, "purpose key attestation");
        } catch (CborException e) {
            throw new IdentityException("the purpose key attestation does not decode: " + e.getMessage(), e);
        }
        try {
            CborReader r = new CborReader(inner);
            int n = r.array("purpose key attestation data");
            if (n < 5) {
                throw new CborException("5 fields, not " + n);
            }
            Identifier who = Identifier.of(r.bytes("subject", 32));
            byte[] latestHash = r.bytes("subject latest change hash", 32);
            int k = r.array("purpose public key");
            long variant = r.uint("purpose public key variant");
            int fields = r.array("purpose public key fields");
            if (k < 2 || fields < 1) {
                throw new CborException("the purpose public key has no value");
            }
            byte[] x25519 = null;
            KeyBytes signing = null;
            if (variant == 0) {
                x25519 = r.bytes("secure channel static key", 32);
            } else if (variant == 1) {
                signing = KeyBytes.readPublicKey(r, "credential signing key");
            } else {
                throw new CborException("unknown purpose public key variant " + variant);
            }
            r.skipExtra(fields, 1, "purpose public key");
            r.skipExtra(k, 2, "purpose public key");
            long created = r.uint("created at");
            long expires = r.uint("expires at");
            r.skipExtra(n, 5, "purpose key attestation data");
            r.end("purpose key attestation data");
            return new Attested(who, latestHash, x25519, signing, created, expires);
        } catch (CborException e) {
            throw new IdentityException("the purpose key attestation does not decode: " + e.getMessage(), e);
        }
    }
}
