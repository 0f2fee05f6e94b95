package dev.ockamj.node;

/**
 * What the router's address table points at: something that takes delivery of routed messages. Workers,
 * processors and contexts have one each; a transport registers its own for each connection
 * ({@link Node#registerMailbox}) so that sending over a connection costs no actor hop.
 */
public interface Mailbox {
    /** Takes the message; never blocks, never throws. */
    void deliver(Routed<?> msg);
}
