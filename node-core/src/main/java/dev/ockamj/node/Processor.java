package dev.ockamj.node;

/**
 * A processor: a worker-like loop that may block (read a socket, poll a queue). It runs on its own
 * dispatcher ({@code ockamj.node.processor-dispatcher}), not on the one that runs workers.
 * {@link #process} is called again and again until it returns false or the processor is stopped;
 * between calls other processors get their turn. A processor can send, and can {@link Context#receive}
 * messages sent to its address.
 */
public interface Processor {

    /**
     * Called once, before the first {@link #process}. If it throws, the processor is stopped (and its
     * {@link #shutdown} is not called).
     *
     * @param ctx the processor's context
     * @throws Exception anything: it is logged and the processor is stopped
     */
    default void initialize(Context ctx) throws Exception {
    }

    /**
     * One step of work; return false to stop. If it throws, the error is logged and the loop goes on. It may block,
     * e.g. in {@link Context#receive}.
     *
     * @param ctx the processor's context
     * @return true to be called again, false to stop the processor
     * @throws Exception anything: it is logged (a NODE_STOPPED {@link OckamException} is not) and the loop goes on
     */
    boolean process(Context ctx) throws Exception;

    /**
     * Called once when the processor stops: {@link #process} returned false, or {@link Context#stopWorker} or
     * {@link Node#stop()} stopped it.
     *
     * @param ctx the processor's context
     * @throws Exception anything: it is logged, and the processor stops all the same
     */
    default void shutdown(Context ctx) throws Exception {
    }
}
