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

    /**
     * Takes a message that arrived from another node, with what the transport must hear once it no longer waits
     * here ({@link NodeSpi#route(Routed, Runnable)}). A recipient that hands the message on to a worker passes
     * {@code consumed} along, so that the transport's back-pressure reaches through it. The default runs
     * {@code consumed} once {@link #deliver(Routed)} returns.
     *
     * @param msg the message, as for {@link #deliver(Routed)}
     * @param consumed to run exactly once, on any thread, when the message no longer waits on this node
     */
    default void deliver(Routed<?> msg, Runnable consumed) {
        try {
            deliver(msg);
        } finally {
            consumed.run();
        }
    }
}
