package dev.ockamj.identity;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The name of an Ockam identity: the SHA-256 of its first change (32 bytes), written {@code I} + lowercase hex
 * (ockam_identity src/models/identifiers.rs and utils/identifiers.rs at fb8fb64). It never changes when the
 * identity rotates its key. Immutable, thread-safe.
 */
public final class Identifier {
    /** The length of an identifier in bytes. */
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private Identifier(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes the 32 bytes
     * @return the identifier
     * @throws IdentityException if there are not 32 bytes
     */
    public static Identifier of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IdentityException("an identifier is 32 bytes, not " + (bytes == null ? "null" : bytes.length));
        }
        return new Identifier(bytes.clone());
    }

    /**
     * Parses {@code I} + 64 hex digits (surrounding whitespace is ignored, as Ockam does).
     *
     * @param text the identifier as text
     * @return the identifier
     * @throws IdentityException naming what is wrong
     */
    public static Identifier parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.startsWith("I") || t.length() != 1 + 2 * LENGTH) {
            throw new IdentityException("an identifier is 'I' and 64 hex digits, not '"
                    + (t.length() > 80 ? t.substring(0, 80) + "…" : t) + "'");
        }
        try {
            return new Identifier(HexFormat.of().parseHex(t.substring(1)));
        } catch (IllegalArgumentException e) {
            throw new IdentityException("an identifier is 'I' and 64 hex digits; '" + t + "' has other characters");
        }
    }

    /**
     * A copy of the 32 bytes.
     *
     * @return a copy of the 32 bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identifier i && Arrays.equals(i.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "I" + HexFormat.of().formatHex(bytes);
    }
}
