package dev.ockamj.node;

/**
 * A processor: a worker-like loop that may block (read a socket, poll a queue). It runs on its own
 * dispatcher ({@code ockamj.node.processor-dispatcher}), not on the one that runs workers.
 * {@link #process} is called again and again until it returns false or the processor is stopped;
 * between calls other processors get their turn. A processor can send, and can {@link Context#receive}
 * messages sent to its address.
 */
public interface Processor {

    /** Called once, before the first {@link #process}. If it throws, the processor is stopped. */
    default void initialize(Context ctx) throws Exception {
    }

    /** One step of work; return false to stop. If it throws, the error is logged and the loop goes on. */
    boolean process(Context ctx) throws Exception;

    /** Called once when the processor stops. */
    default void shutdown(Context ctx) throws Exception {
    }
}
