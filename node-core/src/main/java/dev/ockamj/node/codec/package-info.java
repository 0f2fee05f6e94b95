/**
 * The BARE encoding of message bodies, byte-compatible with Rust's {@code serde_bare} as Ockam uses it, so that
 * a Java record and a Rust struct with the same fields share bytes. Bodies are encoded only when they leave the
 * JVM (over a transport or between cluster members).
 *
 * <p>{@link dev.ockamj.node.codec.Bare} encodes and decodes and hands out a type's
 * {@link dev.ockamj.node.codec.Codec}; {@link dev.ockamj.node.codec.TypeRef} captures generic types;
 * {@link dev.ockamj.node.codec.NeutralMessage} is a body of raw bytes that is never re-encoded. Errors are
 * {@link dev.ockamj.node.codec.CodecException}s.
 */
package dev.ockamj.node.codec;
