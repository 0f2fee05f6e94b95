package dev.ockamj.node.spi;

import dev.ockamj.node.internal.NodeInternals;

/**
 * Work to do once the current worker has handled the messages waiting for it, e.g. writing to a socket the
 * frames that the worker's replies queued, with one system call for the whole burst.
 */
public final class WorkerBursts {
    private static final NodeInternals.Access NODE = NodeInternals.access();

    private WorkerBursts() {
    }

    /**
     * If the calling thread is running the {@code handleMessage} of a worker that tracks bursts (a worker does
     * once it has sent to an address that is not another worker's: a transport, a connection, a context),
     * arranges for {@code action} to run on that worker's thread after it has handled the messages that wait for
     * it now (at most 64 more, so that a busy worker cannot hold the action back for long), and returns true.
     * Registering the same action again before it runs does nothing more. Returns false otherwise (any other
     * thread, a worker's initialize, a worker's first send beyond workers...); the caller must then do the work
     * itself.
     *
     * <p>Safe from any thread. The action runs once, on the worker's thread; it must not block and should not
     * throw (what it throws is logged).
     *
     * @param action the work to defer, compared by identity with what is already deferred
     * @return true if the action was deferred, false if the caller must run it
     */
    public static boolean deferToEndOfBurst(Runnable action) {
        return NODE.deferToEndOfBurst(action);
    }
}
