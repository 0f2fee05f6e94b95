package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;

/**
 * One change of an identity: {@code [previous change hash or null, primary public key, revoke all purpose keys,
 * attestations valid from, attestations valid until]} (ockam_identity src/models/change_history.rs, ChangeData,
 * at fb8fb64). Timestamps are Unix seconds.
 */
public record ChangeData(byte[] previousChange, KeyBytes primaryPublicKey, boolean revokeAllPurposeKeys,
                         long attestationsValidFrom, long attestationsValidUntil) {

    public byte[] encode() {
        CborWriter w = new CborWriter().array(5);
        if (previousChange == null) {
            w.nil();
        } else {
            w.bytes(previousChange);
        }
        primaryPublicKey.write(w);
        return w.bool(revokeAllPurposeKeys).uint(attestationsValidFrom).uint(attestationsValidUntil).toByteArray();
    }

    public static ChangeData decode(byte[] bytes) {
        CborReader r = new CborReader(bytes);
        int n = r.array("change data");
        if (n < 5) {
            throw new CborException("change data has 5 fields, not " + n);
        }
        byte[] previous = r.nil() ? null : r.bytes("previous change hash", 32);
        KeyBytes key = KeyBytes.readPublicKey(r, "primary public key");
        boolean revoke = r.bool("revoke all purpose keys");
        long from = r.uint("attestations valid from");
        long until = r.uint("attestations valid until");
        r.skipExtra(n, 5, "change data");
        r.end("change data");
        return new ChangeData(previous, key, revoke, from, until);
    }
}
