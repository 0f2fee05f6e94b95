package dev.ockamj.node.internal;

import java.nio.charset.StandardCharsets;

/**
 * ockamj's one UTF-8 validator: strict, equal to Rust's {@code str::from_utf8} (the well-formed sequences of the
 * Unicode Standard, Table 3-7): no overlong forms, no surrogates, nothing above U+10FFFF. Java's
 * {@code new String(bytes, UTF_8)} would silently substitute U+FFFD instead. The bytes are checked in place, so
 * decoding allocates only the resulting string.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** Index of the first byte of the first invalid sequence, or -1 if {@code b[off, off+len)} is valid. */
    public static int firstInvalid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return i; // stray continuation byte or overlong 2-byte lead
            } else if (c < 0xE0) {
                if (end - i < 2 || !cont(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (end - i < 3) {
                    return i;
                }
                int b1 = b[i + 1] & 0xFF;
                boolean overlong = c == 0xE0 && b1 < 0xA0;
                boolean surrogate = c == 0xED && b1 >= 0xA0;
                if (!cont(b1) || overlong || surrogate || !cont(b[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (c < 0xF5) {
                if (end - i < 4) {
                    return i;
                }
                int b1 = b[i + 1] & 0xFF;
                boolean overlong = c == 0xF0 && b1 < 0x90;
                boolean tooBig = c == 0xF4 && b1 >= 0x90;
                if (!cont(b1) || overlong || tooBig || !cont(b[i + 2]) || !cont(b[i + 3])) {
                    return i;
                }
                i += 4;
            } else {
                return i;
            }
        }
        return -1;
    }

    /** True if {@code b[off, off+len)} is well-formed UTF-8. */
    public static boolean isValid(byte[] b, int off, int len) {
        return firstInvalid(b, off, len) < 0;
    }

    /** True if {@code b} is well-formed UTF-8. */
    public static boolean isValid(byte[] b) {
        return firstInvalid(b, 0, b.length) < 0;
    }

    /** The text of {@code b[off, off+len)}, or null if it is not well-formed UTF-8. */
    public static String decodeOrNull(byte[] b, int off, int len) {
        return isValid(b, off, len) ? new String(b, off, len, StandardCharsets.UTF_8) : null;
    }

    /** The text of {@code b}, or null if it is not well-formed UTF-8. */
    public static String decodeOrNull(byte[] b) {
        return decodeOrNull(b, 0, b.length);
    }

    private static boolean cont(int b) {
        return (b & 0xC0) == 0x80;
    }
}
