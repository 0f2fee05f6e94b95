package dev.ockamj.node;

/**
 * How a transport plugs into a node: it registers one of these for its transport type
 * ({@link Node#registerTransport}) and the node hands it every message whose next hop has that type.
 * Typically it resolves the hop (e.g. {@code 1#host:port}) to a local connection worker, opening the
 * connection if needed, and sends the message on with the hop replaced.
 *
 * <p>Called on the sender's thread; must not block.
 */
@FunctionalInterface
public interface TransportRouter {
    void route(Routed<?> msg);
}
