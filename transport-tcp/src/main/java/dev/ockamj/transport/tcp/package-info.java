/**
 * Ockam's TCP transport: nodes reach each other, and Ockam's Rust nodes, over TCP, byte for byte.
 *
 * <p>{@link dev.ockamj.transport.tcp.TcpTransport#create} adds the transport to a node; it opens
 * {@link dev.ockamj.transport.tcp.TcpListener}s (which deliver only to the addresses their
 * {@link dev.ockamj.transport.tcp.TcpListenerOptions} allow) and {@link dev.ockamj.transport.tcp.TcpConnection}s,
 * whose address is the first hop of a route to the other node. The wire is in docs/wire.md, the behaviour in
 * docs/transports.md and docs/interop.md.
 */
package dev.ockamj.transport.tcp;
