package dev.ockamj.node.codec;

import dev.ockamj.node.codec.NeutralMessage;
import java.lang.reflect.Type;

/**
 * BARE encoding compatible with Rust's serde_bare 0.5 as Ockam uses it (docs/wire.md §7): a Java record and a Rust
 * struct with the same fields share bytes.
 *
 * <table>
 * <caption>Mapping</caption>
 * <tr><td>String</td><td>uvarint(UTF-8 length) ‖ UTF-8</td></tr>
 * <tr><td>byte[]</td><td>Vec&lt;u8&gt;: uvarint(length) ‖ bytes</td></tr>
 * <tr><td>boolean, byte</td><td>1 byte (bool is 0 or 1)</td></tr>
 * <tr><td>short, int, long, float, double</td><td>i16/i32/i64/f32/f64 little-endian</td></tr>
 * <tr><td>char</td><td>u32 LE code point (serde_bare's char); lone surrogates are errors</td></tr>
 * <tr><td>Optional&lt;T&gt;</td><td>00, or 01 ‖ T</td></tr>
 * <tr><td>List, Set, Collection, arrays</td><td>uvarint(count) ‖ elements</td></tr>
 * <tr><td>Map&lt;K,V&gt;</td><td>uvarint(count) ‖ (key ‖ value)...</td></tr>
 * <tr><td>enum</td><td>uvarint(ordinal)</td></tr>
 * <tr><td>record</td><td>components in declaration order; no components = 0 bytes</td></tr>
 * <tr><td>sealed interface of records</td><td>uvarint(index in getPermittedSubclasses()) ‖ record</td></tr>
 * <tr><td>record permitted by a sealed interface</td><td>always as that interface: uvarint(its index) ‖ record;
 * decoding it accepts only its own index</td></tr>
 * <tr><td>{@link NeutralMessage}</td><td>its raw bytes, no prefix; decoding takes all remaining bytes</td></tr>
 * </table>
 *
 * <p>A sealed interface is a Rust enum, each permitted record a variant (with fields, or a unit variant when it has
 * none). A record with a sealed parent has no encoding of its own: it is sent as its enum's variant wherever it
 * goes, so a receiver may expect the interface or the record. For a plain Rust struct, use a record that implements
 * no sealed interface.
 *
 * <p>Decoding rejects bytes left after the value (stricter than {@code serde_bare::from_slice}, which ignores
 * them): leftovers mean the bytes are another type. All errors are {@link CodecException}; codecs for unsupported
 * types fail when requested.
 */
public final class Bare {

    private Bare() {
    }

    /**
     * Encodes by the value's runtime class. Collections, maps and optionals encode each element by its own
     * runtime class. A record permitted by a sealed interface encodes as that interface's variant.
     *
     * @param value the value to encode, not null
     * @return its BARE bytes
     * @throws CodecException if the value is null or its class (or an element's) cannot be encoded
     */
    public static byte[] encode(Object value) {
        if (value instanceof String s) {
            return Scalars.STRING.encode(s);
        }
        if (value instanceof byte[] b) {
            return Scalars.BYTES.encode(b);
        }
        if (value == null || DynamicEncoder.isUntyped(value)) {
            return DynamicEncoder.encode(value);
        }
        return Resolver.codec(value.getClass()).encode(value);
    }

    /**
     * Encodes {@code value} as a {@code type}: the way to get a sealed interface's variant index, or to encode
     * by a declared generic type rather than by runtime classes.
     *
     * @param value the value to encode, a {@code type}
     * @param type the type to encode it as, e.g. a sealed interface or {@code new TypeRef<List<Point>>() {}.type()}
     * @return its BARE bytes
     * @throws CodecException if {@code type} cannot be encoded or {@code value} does not fit it
     */
    public static byte[] encode(Object value, Type type) {
        return Resolver.codec(type).encode(value);
    }

    /**
     * Decodes one {@code type} that fills {@code bytes}.
     *
     * @param <T> the decoded type
     * @param bytes BARE bytes
     * @param type the class to decode
     * @return the decoded value
     * @throws CodecException if {@code type} cannot be decoded, the bytes are malformed or bytes are left over
     */
    public static <T> T decode(byte[] bytes, Class<T> type) {
        return codec(type).decode(bytes);
    }

    /**
     * Decodes one value of a generic {@code type} that fills {@code bytes}.
     *
     * @param bytes BARE bytes
     * @param type the type to decode, e.g. a {@link java.lang.reflect.ParameterizedType}
     * @return the decoded value, a {@code type}
     * @throws CodecException if {@code type} cannot be decoded, the bytes are malformed or bytes are left over
     */
    public static Object decode(byte[] bytes, Type type) {
        return Resolver.codec(type).decode(bytes);
    }

    /**
     * Decodes one value of the type captured by {@code type} that fills {@code bytes}.
     *
     * @param <T> the decoded type
     * @param bytes BARE bytes
     * @param type the captured type, e.g. {@code new TypeRef<List<Point>>() {}}
     * @return the decoded value
     * @throws CodecException if the type cannot be decoded, the bytes are malformed or bytes are left over
     */
    public static <T> T decode(byte[] bytes, TypeRef<T> type) {
        return codec(type).decode(bytes);
    }

    /**
     * The codec of {@code type}, built once and cached.
     *
     * @param <T> the encoded type
     * @param type the class to encode and decode
     * @return its codec, thread-safe
     * @throws CodecException if {@code type} cannot be encoded as BARE
     */
    public static <T> Codec<T> codec(Class<T> type) {
        return BareCodec.cast(Resolver.codec(type));
    }

    /**
     * The codec of a generic {@code type}, built once and cached.
     *
     * @param type the type to encode and decode
     * @return its codec, thread-safe
     * @throws CodecException if {@code type} cannot be encoded as BARE
     */
    public static Codec<?> codec(Type type) {
        return Resolver.codec(type);
    }

    /**
     * The codec of the type captured by {@code type}, built once and cached.
     *
     * @param <T> the encoded type
     * @param type the captured type
     * @return its codec, thread-safe
     * @throws CodecException if the type cannot be encoded as BARE
     */
    public static <T> Codec<T> codec(TypeRef<T> type) {
        return BareCodec.cast(Resolver.codec(type.type()));
    }
}
