package dev.ockamj.node.spi;

import dev.ockamj.node.Routed;

/**
 * What an address delivers to: the node's address table maps each address to one recipient. Workers,
 * processors and contexts have theirs inside the node; a transport registers its own for each connection
 * ({@link NodeSpi#register}), so that sending over a connection costs no actor hop.
 *
 * <p>Called on the sender's thread, by any number of threads at once.
 */
public interface Recipient {
    /**
     * Takes the message. Must not block and must not throw: a message it cannot take is its own to drop
     * (and log).
     *
     * @param msg the message; its onward route starts with the address this recipient is registered at
     */
    void deliver(Routed<?> msg);
}
