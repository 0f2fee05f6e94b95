package dev.ockamj.node.codec;

/**
 * The BARE encoding of one type, byte-compatible with Rust's serde_bare as used by Ockam
 * ({@code Message::encode}/{@code decode}). Obtain one with {@link Bare#codec}. Instances are immutable and
 * thread safe.
 *
 * @param <T> the Java type encoded
 */
public interface Codec<T> {

    /**
     * Encodes {@code value} to its BARE bytes.
     *
     * @param value the value to encode
     * @return a new array holding the encoding
     * @throws CodecException if the value cannot be encoded (null,
     *     nesting deeper than 128, a lone surrogate {@code char}, ...)
     */
    byte[] encode(T value);

    /**
     * Decodes one value from the start of {@code bytes}. Bytes after the value are ignored, as Rust's
     * {@code serde_bare::from_slice} does.
     *
     * @param bytes BARE bytes
     * @return the decoded value
     * @throws CodecException naming the type and the byte offset, on
     *     any malformed input; no other exception escapes
     */
    T decode(byte[] bytes);
}
