package dev.ockamj.identity.internal.cbor;

import java.io.ByteArrayOutputStream;

/**
 * Writes CBOR as minicbor 0.24 writes Ockam's types: definite lengths, the shortest head for every integer and
 * length (RFC 8949 §4.2.1's preferred serialization). Hand-written rather than Jackson's CBORGenerator because
 * Ockam's credential attributes are maps with byte-string keys, which Jackson's streaming model cannot write.
 * Not thread-safe.
 */
public final class CborWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public CborWriter array(int length) {
        return head(4, length);
    }

    public CborWriter map(int entries) {
        return head(5, entries);
    }

    public CborWriter uint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a CBOR unsigned integer, not " + value);
        }
        return head(0, value);
    }

    public CborWriter bytes(byte[] value) {
        head(2, value.length);
        out.writeBytes(value);
        return this;
    }

    public CborWriter text(String value) {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        head(3, utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    public CborWriter bool(boolean value) {
        out.write(value ? 0xf5 : 0xf4);
        return this;
    }

    public CborWriter nil() {
        out.write(0xf6);
        return this;
    }

    /** Bytes that are already one encoded CBOR item. */
    public CborWriter raw(byte[] encoded) {
        out.writeBytes(encoded);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private CborWriter head(int major, long value) {
        int m = major << 5;
        if (value < 24) {
            out.write(m | (int) value);
        } else if (value < 0x100) {
            out.write(m | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(m | 25);
            writeBig(value, 2);
        } else if (value < 0x100000000L) {
            out.write(m | 26);
            writeBig(value, 4);
        } else {
            out.write(m | 27);
            writeBig(value, 8);
        }
        return this;
    }

    private void writeBig(long value, int n) {
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
