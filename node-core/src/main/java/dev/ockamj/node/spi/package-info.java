/**
 * For transport and protocol module authors: how a transport plugs into a node. Application code does not need
 * this package.
 *
 * <p>{@link dev.ockamj.node.spi.NodeSpi#of(dev.ockamj.node.Node)} gives a node's handle, on which a transport
 * registers a {@link dev.ockamj.node.spi.TransportRouter} for its transport type, serves each connection's
 * local address with a {@link dev.ockamj.node.spi.Recipient} (called on the sender's thread, with no actor hop),
 * routes what arrives from its peers, and fails the requests waiting for what it could not carry.
 * {@link dev.ockamj.node.spi.WorkerBursts} defers work (a socket write) to the end of the sending worker's
 * burst, and {@link dev.ockamj.node.spi.Payloads} gives a body's bytes on the wire. The TCP transport,
 * {@code dev.ockamj.transport.tcp}, is the worked example.
 */
package dev.ockamj.node.spi;
