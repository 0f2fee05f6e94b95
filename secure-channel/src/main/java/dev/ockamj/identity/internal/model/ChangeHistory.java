package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;
import dev.ockamj.identity.internal.vault.Sha256;
import dev.ockamj.identity.internal.vault.VaultException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A verified change history: the CBOR array of {@link Change}s, oldest first, with each change's decoded data
 * and hash. Verification follows ockam_identity src/identity/identity_verification.rs at fb8fb64: the first
 * change names no previous one; each later one names the hash of the one before and does not start its
 * attestations earlier; every change is signed by its own key, every later one also by the key before, each
 * signature over SHA-256 of the change's data as received. Immutable.
 */
public final class ChangeHistory {
    private final byte[] encoded;
    private final List<Change> changes;
    private final List<ChangeData> data;
    private final List<byte[]> hashes;

    private ChangeHistory(byte[] encoded, List<Change> changes, List<ChangeData> data, List<byte[]> hashes) {
        this.encoded = encoded;
        this.changes = changes;
        this.data = data;
        this.hashes = hashes;
    }

    /** Decodes and verifies; nothing unverified is ever returned. */
    public static ChangeHistory verify(byte[] encoded) {
        List<Change> changes = new ArrayList<>();
        try {
            CborReader r = new CborReader(encoded);
            int n = r.array("change history");
            for (int i = 0; i < n; i++) {
                changes.add(Change.read(r));
            }
            r.end("change history");
        } catch (CborException e) {
            throw new IdentityException("the change history does not decode: " + e.getMessage(), e);
        }
        if (changes.isEmpty()) {
            throw new IdentityException("the change history is empty");
        }
        List<ChangeData> data = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            ChangeData d;
            try {
                d = ChangeData.decode(VersionedData.decode(c.data(), VersionedData.CHANGE, "change " + i));
            } catch (CborException e) {
                throw new IdentityException("change " + i + " does not decode: " + e.getMessage(), e);
            }
            byte[] hash = Sha256.hash(c.data());
            if (i == 0) {
                if (d.previousChange() != null) {
                    throw new IdentityException("the first change names a previous change");
                }
            } else {
                ChangeData before = data.get(i - 1);
                if (d.previousChange() == null || !Arrays.equals(d.previousChange(), hashes.get(i - 1))) {
                    throw new IdentityException("change " + i + " does not name the hash of change " + (i - 1));
                }
                if (d.attestationsValidFrom() < before.attestationsValidFrom()) {
                    throw new IdentityException("change " + i + " starts its attestations before change " + (i - 1));
                }
                if (c.previousSignature() == null) {
                    throw new IdentityException("change " + i + " is not signed by the key of change " + (i - 1));
                }
                check(before.primaryPublicKey(), hash, c.previousSignature(), "change " + i + "'s signature by the key of change " + (i - 1));
            }
            check(d.primaryPublicKey(), hash, c.signature(), "change " + i + "'s own signature");
            data.add(d);
            hashes.add(hash);
        }
        return new ChangeHistory(encoded.clone(), List.copyOf(changes), List.copyOf(data), List.copyOf(hashes));
    }

    private static void check(KeyBytes key, byte[] digest, KeyBytes signature, String what) {
        if (key.type() != signature.type()) {
            throw new IdentityException(what + " is a " + signature.type() + " signature for a " + key.type() + " key");
        }
        boolean ok;
        try {
            ok = key.type().verify(key.bytes(), digest, signature.bytes());
        } catch (VaultException e) {
            throw new IdentityException(what + " cannot be checked: " + e.getMessage(), e);
        }
        if (!ok) {
            throw new IdentityException(what + " does not verify");
        }
    }

    /** The encoding of {@code changes}, as minicbor writes a {@code Vec<Change>}. */
    public static byte[] encode(List<Change> changes) {
        CborWriter w = new CborWriter().array(changes.size());
        changes.forEach(c -> c.write(w));
        return w.toByteArray();
    }

    public Identifier identifier() {
        return Identifier.of(hashes.get(0));
    }

    public byte[] encoded() {
        return encoded.clone();
    }

    public int size() {
        return changes.size();
    }

    public List<Change> changes() {
        return changes;
    }

    public ChangeData latest() {
        return data.get(data.size() - 1);
    }

    public byte[] latestHash() {
        return hashes.get(hashes.size() - 1).clone();
    }
}
