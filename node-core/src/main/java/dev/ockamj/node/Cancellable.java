package dev.ockamj.node;

/** A scheduled action that can be called off, e.g. a {@link Context#sendDelayed delayed send}. */
@FunctionalInterface
public interface Cancellable {
    /**
     * Calls the action off if it has not run yet. Thread-safe.
     *
     * @return true if the action was cancelled before it ran, false if it had run or was already cancelled
     */
    boolean cancel();
}
