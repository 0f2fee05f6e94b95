package dev.ockamj.node;

/** What the router's address table points at: something that takes delivery of routed messages. */
interface Mailbox {
    /** Takes the message; never blocks, never throws. */
    void deliver(Routed<?> msg);
}
