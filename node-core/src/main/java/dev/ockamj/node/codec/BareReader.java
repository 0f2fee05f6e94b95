package dev.ockamj.node.codec;

import dev.ockamj.node.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over the input of one decode call. Every read is bounds-checked and fails with
 * {@link CodecException} naming the type being read and the byte offset. Not thread safe.
 */
final class BareReader {

    /** Maximum record nesting, for recursive record types. */
    static final int MAX_DEPTH = 128;
    /** Elements that may encode to 0 bytes (unit structs) are not bounded by the input size; this is. */
    static final int ZERO_SIZE_BUDGET = 1 << 20;

    private final byte[] buf;
    private final String root;
    private int pos;
    private int depth;
    private long zeroSizeBudget = ZERO_SIZE_BUDGET;

    BareReader(byte[] buf, String root) {
        this.buf = buf;
        this.root = root;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return buf.length - pos;
    }

    int u8(String what) {
        need(what, 1);
        return buf[pos++] & 0xFF;
    }

    short i16(String what) {
        need(what, 2);
        short v = (short) BareWriter.SHORT_LE.get(buf, pos);
        pos += 2;
        return v;
    }

    int i32(String what) {
        need(what, 4);
        int v = (int) BareWriter.INT_LE.get(buf, pos);
        pos += 4;
        return v;
    }

    long i64(String what) {
        need(what, 8);
        long v = (long) BareWriter.LONG_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    /**
     * Unsigned LEB128 of a u64, as serde_bare's {@code Uint}: non-minimal forms are accepted, at most 10 bytes,
     * and the 10th byte may only be 0 or 1.
     */
    long uvarint(String what) {
        int start = pos;
        long result = 0;
        for (int i = 0; ; i++) {
            if (pos >= buf.length) {
                throw failAt(what, start, "truncated uvarint");
            }
            int b = buf[pos++] & 0xFF;
            if (i == 9 && b > 1) {
                throw failAt(what, start, "uvarint longer than 10 bytes or above 2^64-1");
            }
            result |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) {
                return result;
            }
        }
    }

    /** A byte length prefix: must fit in the remaining input. */
    int length(String what) {
        int start = pos;
        long n = uvarint(what);
        if (n < 0 || n > remaining()) {
            throw failAt(what, start, "length " + Long.toUnsignedString(n) + " exceeds the " + remaining()
                    + " bytes left");
        }
        return (int) n;
    }

    /**
     * An element count. Each element needs at least {@code minElementSize} bytes, so a count the remaining
     * input cannot hold fails here, before anything is allocated. Zero-size elements draw on a per-message
     * budget instead.
     */
    int count(String what, int minElementSize) {
        int start = pos;
        long n = uvarint(what);
        if (minElementSize > 0) {
            if (n < 0 || n > remaining() / minElementSize) {
                throw failAt(what, start, "count " + Long.toUnsignedString(n) + " needs at least "
                        + minElementSize + " bytes per element but only " + remaining() + " bytes are left");
            }
        } else {
            if (n < 0 || n > zeroSizeBudget) {
                throw failAt(what, start, "count " + Long.toUnsignedString(n) + " exceeds the limit of "
                        + ZERO_SIZE_BUDGET + " zero-size elements per message");
            }
            zeroSizeBudget -= n;
        }
        return (int) n;
    }

    byte[] bytes(int n) {
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    byte[] rest() {
        return bytes(remaining());
    }

    /** {@code n} bytes of strict UTF-8 (as Rust's {@code str::from_utf8}); {@code n} was checked by {@link #length}. */
    String utf8(String what, int n) {
        int bad = Utf8.firstInvalid(buf, pos, n);
        if (bad >= 0) {
            throw failAt(what, bad, "invalid UTF-8");
        }
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    void enter(String what) {
        if (++depth > MAX_DEPTH) {
            throw fail(what, "nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    void exit() {
        depth--;
    }

    CodecException fail(String what, String reason) {
        return failAt(what, pos, reason);
    }

    CodecException failAt(String what, int offset, String reason) {
        String where = what.equals(root) ? "" : ": " + what;
        return new CodecException(
                "Cannot decode " + root + " as BARE" + where + " at byte offset " + offset + ": " + reason);
    }

    private void need(String what, int n) {
        if (buf.length - pos < n) {
            throw fail(what, "unexpected end of input (need " + n + " bytes, " + remaining() + " left)");
        }
    }
}
