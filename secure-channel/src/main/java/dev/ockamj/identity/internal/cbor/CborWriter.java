package dev.ockamj.identity.internal.cbor;


/**
 * Writes CBOR as minicbor 0.24 writes Ockam's types: definite lengths, the shortest head for every integer and
 * length (RFC 8949 §4.2.1's preferred serialization). Hand-written rather than Jackson's CBORGenerator because
 * Ockam's credential attributes are maps with byte-string keys, which Jackson's streaming model cannot write.
 * Not thread-safe.
 */
public final class CborWriter {
    // not a ByteArrayOutputStream: its every write takes a lock, and a channel message is dozens of writes
    private byte[] buf;
    private int size;

    public CborWriter() {
        this(64);
    }

    /** @param capacity the bytes expected, so that the buffer is not grown on the way */
    public CborWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

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
        write(value);
        return this;
    }

    public CborWriter text(String value) {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        head(3, utf8.length);
        write(utf8);
        return this;
    }

    public CborWriter bool(boolean value) {
        write(value ? 0xf5 : 0xf4);
        return this;
    }

    public CborWriter nil() {
        write(0xf6);
        return this;
    }

    /** Bytes that are already one encoded CBOR item. */
    public CborWriter raw(byte[] encoded) {
        write(encoded);
        return this;
    }

    public byte[] toByteArray() {
        return size == buf.length ? buf : java.util.Arrays.copyOf(buf, size);
    }

    private void write(int b) {
        if (size == buf.length) {
            grow(1);
        }
        buf[size++] = (byte) b;
    }

    private void write(byte[] bytes) {
        if (buf.length - size < bytes.length) {
            grow(bytes.length);
        }
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void grow(int atLeast) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + atLeast));
    }

    /** The bytes of the head of an item with this length or value: to size a buffer exactly. */
    public static int headSize(long value) {
        return value < 24 ? 1 : value < 0x100 ? 2 : value < 0x10000 ? 3 : value < 0x100000000L ? 5 : 9;
    }

    private CborWriter head(int major, long value) {
        int m = major << 5;
        if (value < 24) {
            write(m | (int) value);
        } else if (value < 0x100) {
            write(m | 24);
            write((int) value);
        } else if (value < 0x10000) {
            write(m | 25);
            writeBig(value, 2);
        } else if (value < 0x100000000L) {
            write(m | 26);
            writeBig(value, 4);
        } else {
            write(m | 27);
            writeBig(value, 8);
        }
        return this;
    }

    private void writeBig(long value, int n) {
        for (int i = n - 1; i >= 0; i--) {
            write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
