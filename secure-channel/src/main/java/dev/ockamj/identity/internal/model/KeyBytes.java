package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.cbor.CborReader;
import dev.ockamj.identity.internal.cbor.CborWriter;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A public key or a signature tagged with its key type, as minicbor encodes Ockam's one-field enum variants:
 * {@code [index, [bytes]]} ({@code 82 <index> 81 <bstr>}). Signatures are 64 bytes for both types (P-256 as
 * raw r ‖ s).
 */
public record KeyBytes(KeyType type, byte[] bytes) {

    public KeyBytes {
        bytes = bytes.clone();
    }

    public void write(CborWriter w) {
        w.array(2).uint(type.index()).array(1).bytes(bytes);
    }

    /** A public key: its length is the key type's. */
    public static KeyBytes readPublicKey(CborReader r, String what) {
        return read(r, what, true);
    }

    /** A signature: 64 bytes. */
    public static KeyBytes readSignature(CborReader r, String what) {
        return read(r, what, false);
    }

    private static KeyBytes read(CborReader r, String what, boolean publicKey) {
        int n = r.array(what);
        if (n < 2) {
            throw new dev.ockamj.identity.internal.cbor.CborException(what + " is an enum of 2 elements, not " + n);
        }
        KeyType type = KeyType.of(r.uint(what + " variant"), what);
        int fields = r.array(what + " fields");
        if (fields < 1) {
            throw new dev.ockamj.identity.internal.cbor.CborException(what + " has no value");
        }
        byte[] b = r.bytes(what, publicKey ? type.publicKeyLength() : 64);
        r.skipExtra(fields, 1, what);
        r.skipExtra(n, 2, what);
        return new KeyBytes(type, b);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyBytes k && k.type == type && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return type + ":" + HexFormat.of().formatHex(bytes);
    }
}
