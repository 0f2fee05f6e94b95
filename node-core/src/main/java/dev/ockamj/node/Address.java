package dev.ockamj.node;

import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.internal.Utf8;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ockam address: a transport type (0..255) and a value (bytes, usually UTF-8).
 *
 * <p>String form (docs/wire.md §5): {@code echoer} ≡ {@code 0#echoer}; {@code 1#127.0.0.1:4000} is a TCP address.
 * More than one {@code #}, or a type that is not a decimal 0..255, is an error. Immutable; equal when
 * type and bytes are equal.
 */
public final class Address {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final int type;
    private final byte[] value;
    /** Computed on first use, as String's: most addresses a connection decodes (return routes) are never hashed. */
    private int hash;

    private Address(int type, byte[] value) {
        this.type = type;
        this.value = value;
    }

    /**
     * An address of the given transport type whose value is the given bytes (copied).
     *
     * @param transportType the transport type, 0..255 (see {@link TransportType})
     * @param value the value bytes; the address keeps a copy
     * @return the address
     * @throws OckamException INVALID_ADDRESS if {@code transportType} is outside 0..255
     */
    public static Address of(int transportType, byte[] value) {
        checkType(transportType);
        return new Address(transportType, Objects.requireNonNull(value, "value").clone());
    }

    /**
     * Like {@link #of(int, byte[])} without the copy: for decoders that own a fresh array. Do not modify it.
     *
     * @param transportType the transport type, 0..255
     * @param value the value bytes, kept as they are: the caller must not modify them afterwards
     * @return the address
     * @throws OckamException INVALID_ADDRESS if {@code transportType} is outside 0..255
     */
    public static Address wrap(int transportType, byte[] value) {
        checkType(transportType);
        return new Address(transportType, Objects.requireNonNull(value, "value"));
    }

    /**
     * An address of the given transport type whose value is the UTF-8 bytes of {@code value}.
     *
     * @param transportType the transport type, 0..255
     * @param value the value as text, e.g. {@code "127.0.0.1:4000"} for TCP
     * @return the address
     * @throws OckamException INVALID_ADDRESS if {@code transportType} is outside 0..255
     */
    public static Address of(int transportType, String value) {
        checkType(transportType);
        return new Address(transportType, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A LOCAL (type 0) address. {@code Address.local("echoer")} is {@code 0#echoer}.
     *
     * @param value the value as text, taken as it is (no {@code #} parsing)
     * @return the LOCAL address
     */
    public static Address local(String value) {
        return of(TransportType.LOCAL, value);
    }

    /**
     * A fresh LOCAL address: 16 random bytes as 32 lowercase hex characters, as Ockam makes them.
     *
     * @return a new random LOCAL address (from a {@link java.security.SecureRandom})
     */
    public static Address random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new Address(TransportType.LOCAL, HEX.formatHex(bytes).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Parses {@code value}, {@code type#value}. Surrounding whitespace is not trimmed here ({@link Route#parse}
     * trims around each hop).
     *
     * @param text {@code value} (a LOCAL address) or {@code type#value} with a decimal type 0..255
     * @return the address
     * @throws OckamException of kind {@link OckamException.Kind#INVALID_ADDRESS}
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "address");
        int hash = text.indexOf('#');
        if (hash < 0) {
            return local(text);
        }
        if (text.indexOf('#', hash + 1) >= 0) {
            throw invalid(text, "more than one '#'");
        }
        String typeText = text.substring(0, hash);
        if (typeText.isEmpty() || typeText.length() > 3 || !typeText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text, "the transport type must be a decimal number 0..255");
        }
        int type = Integer.parseInt(typeText);
        if (type > 255) {
            throw invalid(text, "the transport type must be a decimal number 0..255");
        }
        return of(type, text.substring(hash + 1));
    }

    private static OckamException invalid(String text, String why) {
        return new OckamException(OckamException.Kind.INVALID_ADDRESS,
                "invalid address '" + Printable.escape(text, 200) + "': " + why);
    }

    private static void checkType(int type) {
        if (type < 0 || type > 255) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS,
                    "transport type " + type + " is outside 0..255");
        }
    }

    /**
     * The transport type, 0..255.
     *
     * @return the transport type (see {@link TransportType})
     */
    public int transportType() {
        return type;
    }

    /**
     * Whether this is a LOCAL address, one that a worker on a node can own.
     *
     * @return true if the transport type is {@link TransportType#LOCAL}
     */
    public boolean isLocal() {
        return type == TransportType.LOCAL;
    }

    /**
     * A copy of the value bytes.
     *
     * @return a new array holding the value
     */
    public byte[] value() {
        return value.clone();
    }

    /**
     * The value bytes without a copy, for encoders; callers must not modify them.
     *
     * @return the address's own value array
     */
    public byte[] unsafeValue() {
        return value;
    }

    /**
     * The number of value bytes.
     *
     * @return the length of the value
     */
    public int valueLength() {
        return value.length;
    }

    /**
     * The value as UTF-8 text (malformed bytes become U+FFFD).
     *
     * @return the decoded value
     */
    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * Ockam's display form {@code type#value}; a value that is not UTF-8 shows as {@code Invalid UTF-8}.
     *
     * @return the display form, e.g. {@code 0#echoer}
     */
    @Override
    public String toString() {
        return type + "#" + (Utf8.isValid(value) ? new String(value, StandardCharsets.UTF_8) : "Invalid UTF-8");
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Address a && a.type == type && Arrays.equals(a.value, value));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * type + Arrays.hashCode(value); // a racy recompute gives the same value: no lock needed
            hash = h;
        }
        return h;
    }
}
