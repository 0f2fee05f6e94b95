/**
 * Ockam's TCP transport: moves messages between ockamj nodes on different JVMs, and between an ockamj node and
 * an Ockam Rust node, speaking Ockam's TCP wire protocol byte for byte (current CBOR frames and the legacy BARE
 * ones, see {@link dev.ockamj.transport.tcp.TcpProtocol}).
 *
 * <p>{@link dev.ockamj.transport.tcp.TcpTransport#create(dev.ockamj.node.Node)} adds the transport to a node.
 * {@link dev.ockamj.transport.tcp.TcpTransport#listen} opens a {@link dev.ockamj.transport.tcp.TcpListener},
 * which exposes only the workers its {@link dev.ockamj.transport.tcp.TcpListenerOptions} allow;
 * {@link dev.ockamj.transport.tcp.TcpTransport#connect} opens a {@link dev.ockamj.transport.tcp.TcpConnection},
 * whose local address is the first hop of routes to the peer's workers. A route may also name the peer
 * directly ({@code 1#host:port => echoer}): the transport connects, or reuses the open connection.
 */
package dev.ockamj.transport.tcp;
