/**
 * How bodies become bytes between nodes: BARE, as Ockam's Rust nodes encode with serde_bare.
 *
 * <p>{@link dev.ockamj.node.codec.Bare} encodes and decodes records, strings, numbers, collections, optionals,
 * enums and sealed interfaces (docs/wire.md §7 gives the mapping); {@link dev.ockamj.node.codec.NeutralMessage}
 * carries a payload's bytes unchanged, for code that decodes them itself. Errors are
 * {@link dev.ockamj.node.codec.CodecException}s.
 */
package dev.ockamj.node.codec;
