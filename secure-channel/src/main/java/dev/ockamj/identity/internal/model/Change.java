package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;

/**
 * A signed change: {@code [bstr versioned data, self signature, previous key's signature]}, the last left out
 * when absent, as minicbor leaves out a trailing None (ockam_identity src/models/change_history.rs, Change).
 */
public record Change(byte[] data, KeyBytes signature, KeyBytes previousSignature) {

    public void write(CborWriter w) {
        w.array(previousSignature == null ? 2 : 3).bytes(data);
        signature.write(w);
        if (previousSignature != null) {
            previousSignature.write(w);
        }
    }

    public static Change read(CborReader r) {
        int n = r.array("change");
        if (n < 2) {
            throw new CborException("a change has at least its data and signature, not " + n + " elements");
        }
        byte[] data = r.bytes("change data");
        KeyBytes sig = KeyBytes.readSignature(r, "change signature");
        KeyBytes previous = null;
        if (n > 2 && !r.nil()) {
            previous = KeyBytes.readSignature(r, "previous change signature");
        }
        r.skipExtra(n, 3, "change");
        return new Change(data, sig, previous);
    }
}
