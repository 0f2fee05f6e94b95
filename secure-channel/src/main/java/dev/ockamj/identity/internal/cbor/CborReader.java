package dev.ockamj.identity.internal.cbor;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the CBOR that Ockam's minicbor types use: unsigned integers, byte and text strings, definite arrays and
 * maps, booleans and null. Every read is bounds-checked and fails with {@link CborException} naming what was
 * expected and the byte offset. Indefinite lengths, tags and floats are refused: no Ockam identity type writes
 * them. Not thread-safe.
 */
public final class CborReader {
    private final byte[] in;
    private int pos;

    public CborReader(byte[] input) {
        this.in = input;
    }

    public int position() {
        return pos;
    }

    public boolean atEnd() {
        return pos == in.length;
    }

    /** Fails unless all input was read: the bytes are one item, nothing after it. */
    public void end(String what) {
        if (pos != in.length) {
            throw fail(what, (in.length - pos) + " bytes left after it");
        }
    }

    /** The length of an array; the caller reads its elements. */
    public int array(String what) {
        return (int) length(4, what);
    }

    public int map(String what) {
        return (int) length(5, what);
    }

    public long uint(String what) {
        int start = pos;
        long v = head(0, what);
        if (v < 0) {
            pos = start;
            throw fail(what, "an unsigned integer above 2^63-1");
        }
        return v;
    }

    public byte[] bytes(String what) {
        int n = (int) length(2, what);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    /** A byte string that must be exactly {@code length} bytes ({@code [u8; N]} in Rust). */
    public byte[] bytes(String what, int length) {
        int start = pos;
        byte[] b = bytes(what);
        if (b.length != length) {
            pos = start;
            throw fail(what, "a byte string of " + b.length + " bytes, expected " + length);
        }
        return b;
    }

    public String text(String what) {
        int n = (int) length(3, what);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(in, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw fail(what, "text that is not UTF-8");
        }
    }

    public boolean bool(String what) {
        need(what, 1);
        int b = in[pos] & 0xff;
        if (b != 0xf4 && b != 0xf5) {
            throw fail(what, "expected a boolean, found " + describe(b));
        }
        pos++;
        return b == 0xf5;
    }

    /** True (and consumed) if the next item is null. */
    public boolean nil() {
        if (pos < in.length && (in[pos] & 0xff) == 0xf6) {
            pos++;
            return true;
        }
        return false;
    }

    /** The encoded bytes of the next item, whatever it is (skipped). */
    public byte[] rawItem(String what) {
        int start = pos;
        skip(what, 0);
        return Arrays.copyOfRange(in, start, pos);
    }

    /**
     * Skips the elements of an array of {@code length} after the {@code read} first ones: minicbor ignores elements
     * with indexes it does not know, so a newer peer's extra fields are not an error.
     */
    public void skipExtra(int length, int read, String what) {
        for (int i = read; i < length; i++) {
            skip(what, 0);
        }
    }

    /** Skips one item (minicbor skips array elements with unknown indexes). */
    public void skip(String what) {
        skip(what, 0);
    }

    private void skip(String what, int depth) {
        if (depth > 64) {
            throw fail(what, "items nested more than 64 deep");
        }
        need(what, 1);
        int b = in[pos] & 0xff;
        int major = b >>> 5;
        switch (major) {
            case 0, 1 -> head(major, what);
            case 2, 3 -> {
                long n = length(major, what);
                pos += (int) n;
            }
            case 4 -> {
                long n = length(4, what);
                for (long i = 0; i < n; i++) {
                    skip(what, depth + 1);
                }
            }
            case 5 -> {
                long n = length(5, what);
                for (long i = 0; i < 2 * n; i++) {
                    skip(what, depth + 1);
                }
            }
            case 7 -> {
                if (b == 0xf4 || b == 0xf5 || b == 0xf6) {
                    pos++;
                } else {
                    throw fail(what, "unsupported simple value or float " + describe(b));
                }
            }
            default -> throw fail(what, "unsupported CBOR tag");
        }
    }

    private long length(int major, String what) {
        int start = pos;
        long n = head(major, what);
        long left = in.length - pos;
        // every element takes at least one byte: a length the input cannot hold is refused before any allocation
        long min = major == 5 ? 2 : 1;
        if (n < 0 || (major == 2 || major == 3 ? n > left : n > left / min)) {
            pos = start;
            throw fail(what, "a length of " + Long.toUnsignedString(n) + " with " + left + " bytes left");
        }
        return n;
    }

    private long head(int major, String what) {
        need(what, 1);
        int b = in[pos] & 0xff;
        if (b >>> 5 != major) {
            throw fail(what, "expected " + name(major) + ", found " + describe(b));
        }
        int info = b & 0x1f;
        if (info < 24) {
            pos++;
            return info;
        }
        int n = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw fail(what, info == 31 ? "indefinite lengths are not supported" : "a reserved head");
        };
        need(what, 1 + n);
        long v = 0;
        for (int i = 1; i <= n; i++) {
            v = (v << 8) | (in[pos + i] & 0xff);
        }
        pos += 1 + n;
        return v;
    }

    private void need(String what, int n) {
        if (in.length - pos < n) {
            throw fail(what, "the input ends (need " + n + " bytes, " + (in.length - pos) + " left)");
        }
    }

    private static String name(int major) {
        return switch (major) {
            case 0 -> "an unsigned integer";
            case 1 -> "a negative integer";
            case 2 -> "a byte string";
            case 3 -> "a text string";
            case 4 -> "an array";
            case 5 -> "a map";
            case 6 -> "a tag";
            default -> "a simple value";
        };
    }

    private static String describe(int initialByte) {
        return name(initialByte >>> 5) + String.format(" (0x%02x)", initialByte);
    }

    private CborException fail(String what, String reason) {
        return new CborException("invalid CBOR in " + what + " at byte " + pos + ": " + reason);
    }
}
