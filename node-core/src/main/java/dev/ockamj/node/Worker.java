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
 *
 * @param <M> the type of body the worker handles
 */
@FunctionalInterface
public interface Worker<M> {

    /**
     * Called once, before the first message. If it throws, the worker is stopped (and its {@link #shutdown} is not
     * called).
     *
     * @param ctx the worker's context
     * @throws Exception anything: it is logged and the worker is stopped
     */
    default void initialize(Context ctx) throws Exception {
    }

    /**
     * Handles one message that passed the address's incoming access control and whose body was decoded to
     * {@code M}. Called once per message, in arrival order, never concurrently.
     *
     * @param ctx the worker's context: reply with {@code ctx.send(msg.returnRoute(), ...)}
     * @param msg the message, its onward route's first hop being the worker address it was sent to
     * @throws Exception anything: it is logged and the worker goes on with the next message
     */
    void handleMessage(Context ctx, Routed<M> msg) throws Exception;

    /**
     * Called once when the worker stops ({@link Context#stopWorker} or {@link Node#stop()}), after its last message.
     *
     * @param ctx the worker's context
     * @throws Exception anything: it is logged, and the worker stops all the same
     */
    default void shutdown(Context ctx) throws Exception {
    }
}
