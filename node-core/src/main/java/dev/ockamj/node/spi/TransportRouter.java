package dev.ockamj.node.spi;

import dev.ockamj.node.Routed;

/**
 * How a transport plugs into a node: it registers one of these for its transport type
 * ({@link NodeSpi#registerTransport}) and the node hands it every message whose next hop has that type.
 * Typically it resolves the hop (e.g. {@code 1#host:port}) to a local connection address, opening the
 * connection if needed, and routes the message on with the hop replaced.
 *
 * <p>Called on the sender's thread, by any number of threads at once; must not block.
 */
@FunctionalInterface
public interface TransportRouter {
    /**
     * Takes a message whose next onward hop has this router's transport type. Must not throw: a message that
     * cannot be sent fails the requests waiting for it ({@link NodeSpi#failRequests}) and is dropped.
     *
     * @param msg the message, its onward route starting with the non-local hop
     */
    void route(Routed<?> msg);
}
