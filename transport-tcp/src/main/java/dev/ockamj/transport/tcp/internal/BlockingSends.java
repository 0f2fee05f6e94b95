package dev.ockamj.transport.tcp.internal;

/**
 * Marks threads of our own that may wait in a send (a portal's socket reader): on such a thread a send to a TCP
 * connection whose outgoing buffer is above its mark waits for room instead of queueing more, so that a fast
 * socket on one side cannot fill memory, or lose data, while the other side is slow. Threads of the node's
 * dispatchers are never marked: a worker never blocks.
 */
public final class BlockingSends {
    private static final ThreadLocal<Boolean> ALLOWED = new ThreadLocal<>();

    private BlockingSends() {
    }

    /** Lets sends on the calling thread wait for room. */
    public static void allowOnThisThread() {
        ALLOWED.set(Boolean.TRUE);
    }

    /** @return whether sends on the calling thread may wait */
    public static boolean allowed() {
        return ALLOWED.get() != null;
    }
}
