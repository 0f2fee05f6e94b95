package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;
import dev.ockamj.identity.internal.vault.Sha256;
import dev.ockamj.identity.internal.vault.VaultException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A credential with the attestation of the key that signed it, Ockam's {@code CredentialAndPurposeKey}:
 * {@code [[bstr versioned data, signature], purpose key attestation]}; the data {@code [subject, subject's latest
 * change hash, [schema, {bstr: bstr}], created at, expires at]} (ockam_identity src/models/credential.rs and
 * credential_and_purpose_key.rs at fb8fb64). Attribute names and values are bytes; this class shows them as
 * UTF-8 text.
 */
public record Credential(byte[] data, KeyBytes signature, PurposeKeyAttestation issuerKey) {

    /** What a verified credential says. */
    public record Verified(Identifier subject, Identifier issuer, long schema, Map<String, String> attributes,
                           long createdAt, long expiresAt) {
    }

    public void write(CborWriter w) {
        w.array(2).array(2).bytes(data);
        signature.write(w);
        issuerKey.write(w);
    }

    public byte[] encode() {
        CborWriter w = new CborWriter();
        write(w);
        return w.toByteArray();
    }

    public static Credential decode(byte[] bytes) {
        try {
            CborReader r = new CborReader(bytes);
            Credential c = read(r);
            r.end("credential and purpose key");
            return c;
        } catch (CborException e) {
            throw new IdentityException("the credential does not decode: " + e.getMessage(), e);
        }
    }

    public static Credential read(CborReader r) {
        int n = r.array("credential and purpose key");
        if (n < 2) {
            throw new CborException("credential and purpose key has 2 elements, not " + n);
        }
        int k = r.array("credential");
        if (k < 2) {
            throw new CborException("a credential has its data and signature, not " + k + " elements");
        }
        byte[] data = r.bytes("credential data");
        KeyBytes sig = KeyBytes.readSignature(r, "credential signature");
        r.skipExtra(k, 2, "credential");
        PurposeKeyAttestation attestation = PurposeKeyAttestation.read(r);
        r.skipExtra(n, 2, "credential and purpose key");
        return new Credential(data, sig, attestation);
    }

    /**
     * Issues a credential, as an authority does (credentials_creation.rs): signed by the authority's credential
     * signing key, which {@code issuerKey} attests.
     */
    public static Credential issue(Identifier subject, byte[] subjectLatestChangeHash, long schema,
                                   Map<String, String> attributes, long createdAt, long expiresAt,
                                   SigningKey signingKey, PurposeKeyAttestation issuerKey) {
        // Ockam's BTreeMap<Vec<u8>, Vec<u8>>: keys in byte order
        TreeMap<byte[], byte[]> sorted = new TreeMap<>(java.util.Arrays::compareUnsigned);
        attributes.forEach((key, v) -> sorted.put(key.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
        CborWriter w = new CborWriter().array(5).bytes(subject.bytes()).bytes(subjectLatestChangeHash)
                .array(2).uint(schema).map(sorted.size());
        sorted.forEach((key, v) -> w.bytes(key).bytes(v));
        byte[] vd = VersionedData.encode(VersionedData.CREDENTIAL, w.uint(createdAt).uint(expiresAt).toByteArray());
        return new Credential(vd, signingKey.sign(Sha256.hash(vd)), issuerKey);
    }

    /**
     * Verifies it as Ockam does (credentials_verification.rs): the issuer's key attestation verifies against one
     * of the trusted authorities and attests a credential signing key; that key signed the credential; the
     * credential names {@code expectedSubject}, lies within the attestation's validity and is current.
     */
    public Verified verify(Identifier expectedSubject, List<ChangeHistory> authorities, long nowSeconds) {
        PurposeKeyAttestation.Attested claimed = issuerKey.decodeUnverified();
        ChangeHistory authority = authorities.stream().filter(a -> a.identifier().equals(claimed.subject()))
                .findFirst().orElseThrow(() -> new IdentityException("the credential is issued by " + claimed.subject()
                        + ", which is not a trusted authority"));
        PurposeKeyAttestation.Attested key = issuerKey.verify(authority, nowSeconds);
        if (key.isSecureChannelKey()) {
            throw new IdentityException("the credential's issuer key is a secure channel key, not a credential signing key");
        }
        if (!verifySignature(key.credentialKey())) {
            throw new IdentityException("the credential's signature does not verify");
        }
        Decoded d = decodeData();
        if (d.subject == null) {
            throw new IdentityException("the credential names no subject");
        }
        if (expectedSubject != null && !d.subject.equals(expectedSubject)) {
            throw new IdentityException("the credential is of " + d.subject + ", not " + expectedSubject);
        }
        if (Long.compareUnsigned(d.createdAt, key.createdAt()) < 0 || Long.compareUnsigned(d.expiresAt, key.expiresAt()) > 0) {
            throw new IdentityException("the credential lies outside its issuer key's validity");
        }
        if (Long.compareUnsigned(d.createdAt, nowSeconds + PurposeKeyAttestation.MAX_CLOCK_DRIFT_SECONDS) > 0) {
            throw new IdentityException("the credential is created in the future");
        }
        if (Long.compareUnsigned(d.expiresAt, nowSeconds) < 0) {
            throw new IdentityException("the credential expired at " + d.expiresAt + " (now " + nowSeconds + ")");
        }
        return new Verified(d.subject, authority.identifier(), d.schema, d.attributes, d.createdAt, d.expiresAt);
    }

    /** Only the signature, with a key taken on trust: what can be checked without the issuer's history. */
    public boolean verifySignature(KeyBytes key) {
        try {
            return key.type() == signature.type() && key.type().verify(key.bytes(), Sha256.hash(data), signature.bytes());
        } catch (VaultException e) {
            return false;
        }
    }

    /** The credential's data, decoded, not verified. */
    public Decoded decodeData() {
        try {
            CborReader r = new CborReader(VersionedData.decode(data, VersionedData.CREDENTIAL, "credential"));
            int n = r.array("credential data");
            if (n < 5) {
                throw new CborException("credential data has 5 fields, not " + n);
            }
            Identifier subject = r.nil() ? null : Identifier.of(r.bytes("subject", 32));
            if (!r.nil()) {
                r.bytes("subject latest change hash", 32);
            }
            int a = r.array("attributes");
            if (a < 2) {
                throw new CborException("attributes have a schema and a map, not " + a + " elements");
            }
            long schema = r.uint("schema");
            int entries = r.map("attributes");
            Map<String, String> attributes = new TreeMap<>();
            HexFormat hex = HexFormat.of();
            for (int i = 0; i < entries; i++) {
                attributes.put(text(r.bytes("attribute name"), hex), text(r.bytes("attribute value"), hex));
            }
            r.skipExtra(a, 2, "attributes");
            long created = r.uint("created at");
            long expires = r.uint("expires at");
            r.skipExtra(n, 5, "credential data");
            r.end("credential data");
            return new Decoded(subject, schema, Collections.unmodifiableMap(attributes), created, expires);
        } catch (CborException e) {
            throw new IdentityException("the credential does not decode: " + e.getMessage(), e);
        }
    }

    /** Bytes as UTF-8 when they are, else as hex with a prefix. */
    private static String text(byte[] b, HexFormat hex) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return "0x" + hex.formatHex(b);
        }
    }

    public record Decoded(Identifier subject, long schema, Map<String, String> attributes, long createdAt, long expiresAt) {
    }
}
