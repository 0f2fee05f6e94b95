package dev.ockamj.node;

/**
 * A worker: lightweight, stateful, and single-threaded — the node calls its methods one at a time, never
 * concurrently, so its fields need no locks. Each started worker is one Akka actor.
 *
 * <p>{@code M} is the type of body the worker handles. A body of another type (e.g. bytes from another node)
 * is decoded to {@code M} with the BARE codec before {@link #handleMessage} is called; if that fails the
 * message is logged and dropped. A worker of type {@code Object} (or a lambda) gets bodies as they are.
 *
 * <p>Never block in these methods; send messages instead — or start the worker with
 * {@link WorkerBuilder#blocking()}, which gives it threads of its own. If {@code handleMessage} throws, the error is
 * logged with the worker's address and the worker keeps running with its state, as in Ockam.
 */
@FunctionalInterface
public interface Worker<M> {

    /** Called once, before the first message. If it throws, the worker is stopped. */
    default void initialize(Context ctx) throws Exception {
    }

    void handleMessage(Context ctx, Routed<M> msg) throws Exception;

    /** Called once when the worker stops (stopWorker or node stop). */
    default void shutdown(Context ctx) throws Exception {
    }
}
