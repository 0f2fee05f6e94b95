/**
 * The byte-level Ockam TCP wire protocol (docs/wire.md §2–§4, §8, §9), free of any I/O.
 *
 * <p>Codecs: {@link dev.ockamj.transport.tcp.internal.wire.CborV1} (current body) and
 * {@link dev.ockamj.transport.tcp.internal.wire.LegacyBare} (pre-June-2024 body). Framing: the inbound state machines
 * {@link dev.ockamj.transport.tcp.internal.wire.V1Inbound} and {@link dev.ockamj.transport.tcp.internal.wire.LegacyInbound}
 * turn received bytes into {@link dev.ockamj.transport.tcp.internal.wire.Outcome}s; {@link
 * dev.ockamj.transport.tcp.internal.wire.V1Outbound} and {@link dev.ockamj.transport.tcp.internal.wire.LegacyOutbound} build the
 * bytes to write. The socket layer owns the connection and acts on the outcomes.
 */
package dev.ockamj.transport.tcp.internal.wire;
