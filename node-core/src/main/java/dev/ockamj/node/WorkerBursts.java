package dev.ockamj.node;

/**
 * For transports: work to do once the current worker has handled the messages waiting for it, e.g. writing
 * to a socket the frames that the worker's replies queued, with one system call for the whole burst.
 */
public final class WorkerBursts {
    private WorkerBursts() {
    }

    /**
     * If the calling thread is running the {@code handleMessage} of a worker that sends to transports (it is
     * known to once it has sent through one), arranges for {@code action} to run on that worker's actor after it
     * has handled the messages that wait for it now (at most 64 more, so that a busy worker cannot hold the action
     * back for long), and returns true. Registering the same action again before it runs does nothing more.
     * Returns false otherwise (any other thread, a worker's initialize, a worker's first send to a transport...);
     * the caller must then do the work itself.
     *
     * <p>The action runs once, on the worker's thread; it must not block and should not throw (what it
     * throws is logged).
     */
    public static boolean deferToEndOfBurst(Runnable action) {
        return WorkerCell.defer(action);
    }
}
