package dev.ockamj.node;

/** A scheduled action that can be called off, e.g. a {@link Context#sendDelayed delayed send}. */
@FunctionalInterface
public interface Cancellable {
    /** Returns true if the action was cancelled before it ran. */
    boolean cancel();
}
