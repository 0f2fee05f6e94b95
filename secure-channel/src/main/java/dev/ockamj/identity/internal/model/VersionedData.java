package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;

/**
 * Ockam's versioned envelope of everything it signs: {@code [version = 1, data_type, bstr data]}; data_type 1 is
 * a change, 2 a purpose key attestation, 3 a credential (ockam_identity src/models/versioned_data.rs,
 * change_history.rs, purpose_key_attestation.rs, credential.rs at fb8fb64). Hashes and signatures cover the
 * envelope's bytes as they arrived, never a re-encoding.
 */
public final class VersionedData {
    public static final int CHANGE = 1;
    public static final int PURPOSE_KEY_ATTESTATION = 2;
    public static final int CREDENTIAL = 3;

    private VersionedData() {
    }

    public static byte[] encode(int dataType, byte[] data) {
        return new CborWriter().array(3).uint(1).uint(dataType).bytes(data).toByteArray();
    }

    /** The inner data of an envelope that must be version 1 of {@code dataType}. */
    public static byte[] decode(byte[] envelope, int dataType, String what) {
        CborReader r = new CborReader(envelope);
        int n = r.array(what);
        if (n < 3) {
            throw new CborException(what + " is a versioned envelope of 3 elements, not " + n);
        }
        long version = r.uint(what + " version");
        if (version != 1) {
            throw new CborException(what + " has version " + version + "; only version 1 is known");
        }
        long type = r.uint(what + " data type");
        if (type != dataType) {
            throw new CborException(what + " has data type " + type + ", expected " + dataType);
        }
        byte[] data = r.bytes(what + " data");
        r.skipExtra(n, 3, what);
        r.end(what);
        return data;
    }
}
