/**
 * The byte-level Ockam TCP wire protocol (docs/wire.md §2–§4, §8, §9), free of any I/O.
 *
 * <p>Codecs: {@link CborV1} (current body) and {@link LegacyBare} (pre-June-2024 body). Framing: the inbound
 * state machines {@link V1Inbound} and {@link LegacyInbound} turn received bytes into {@link Outcome}s;
 * {@link V1Outbound} and {@link LegacyOutbound} build the bytes to write. The socket layer owns the connection and
 * acts on the outcomes.
 */
package dev.ockamj.transport.tcp.internal.wire;
