package dev.ockamj.transport.tcp.wire;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that rejects what Rust's {@code str::from_utf8} rejects (overlongs, surrogates, > U+10FFFF).
 * The bytes are checked in place first, so decoding allocates only the resulting string (a {@code
 * CharsetDecoder} would add a char buffer of twice the input's size).
 */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    static String decode(byte[] bytes, int offset, int length, String what) {
        if (!isWellFormed(bytes, offset, length)) {
            throw WireException.decode(what + " is not valid UTF-8");
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    /** The well-formed byte sequences of the Unicode Standard, Table 3-7. */
    static boolean isWellFormed(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                n = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                n = 2;
                if (b == 0xe0) {
                    lo = 0xa0; // overlong
                } else if (b == 0xed) {
                    hi = 0x9f; // surrogates
                }
            } else if (b >= 0xf0 && b <= 0xf4) {
                n = 3;
                if (b == 0xf0) {
                    lo = 0x90; // overlong
                } else if (b == 0xf4) {
                    hi = 0x8f; // above U+10FFFF
                }
            } else {
                return false; // a continuation byte, an overlong lead (c0, c1) or f5..ff
            }
            if (n > end - i - 1) {
                return false;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                int c = bytes[i + k] & 0xff;
                if (c < 0x80 || c > 0xbf) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }
}
