package dev.ockamj.node.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable little-endian output buffer for one encode call. Not thread safe. */
final class BareWriter {

    static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final String root;
    private byte[] buf = new byte[64];
    private int len;
    private int depth;

    BareWriter(String root) {
        this.root = root;
    }

    void u8(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    void i16(short v) {
        ensure(2);
        SHORT_LE.set(buf, len, v);
        len += 2;
    }

    void i32(int v) {
        ensure(4);
        INT_LE.set(buf, len, v);
        len += 4;
    }

    void i64(long v) {
        ensure(8);
        LONG_LE.set(buf, len, v);
        len += 8;
    }

    void uvarint(long v) {
        ensure(10);
        len = putUvarint(buf, len, v);
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Guards recursion (records, runtime-typed containers) so a cycle fails instead of overflowing the stack. */
    void enter(String what) {
        if (++depth > BareReader.MAX_DEPTH) {
            throw fail(what, "nesting deeper than " + BareReader.MAX_DEPTH + " levels (a cycle?)");
        }
    }

    void exit() {
        depth--;
    }

    CodecException fail(String what, String reason) {
        String where = what.equals(root) ? "" : ": " + what;
        return new CodecException("Cannot encode " + root + " as BARE" + where + ": " + reason);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int n) {
        if (buf.length - len < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Number of bytes of the minimal uvarint (unsigned LEB128) of {@code v}. */
    static int uvarintSize(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Writes the minimal uvarint of {@code v} at {@code pos}; returns the position after it. */
    static int putUvarint(byte[] out, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            out[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }
}
