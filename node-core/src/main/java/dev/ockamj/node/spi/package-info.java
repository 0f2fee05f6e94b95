/**
 * What a transport or protocol module plugs into a node with; not for application code.
 *
 * <p>{@link dev.ockamj.node.spi.NodeSpi#of} gives a module its handle on a node: it registers a
 * {@link dev.ockamj.node.spi.TransportRouter} for an address type, puts a {@link dev.ockamj.node.spi.Recipient}
 * at an address, routes messages it receives and fails the requests it cannot carry.
 * {@link dev.ockamj.node.spi.WorkerBursts} and {@link dev.ockamj.node.spi.Payloads} help it deliver and encode.
 * docs/transports.md ("Writing a transport") shows how the TCP transport uses them.
 */
package dev.ockamj.node.spi;
