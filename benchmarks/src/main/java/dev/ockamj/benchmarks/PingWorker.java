package dev.ockamj.benchmarks;

import dev.ockamj.node.Context;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "ping" side of every request/reply benchmark (node, tcp, cluster): on {@link Start} it sends
 * {@code inFlight} messages to {@code pong}, and sends one more for each reply until {@code total} replies came.
 * {@link #done} completes with the nanoseconds that took.
 */
final class PingWorker implements Worker<Object> {

    /** Tells a ping worker (ours or a raw one) to begin. */
    record Start() {
    }

    final CompletableFuture<Long> done = new CompletableFuture<>();
    final AtomicLong progress = new AtomicLong();
    private final Route pong;
    private final Object ping;
    private final int inFlight;
    private final long total;
    private final int replyLength;
    private volatile long badReplies;
    private long received;
    private long startedAt;

    /** @param replyLength the length every reply must have as a NeutralMessage, or -1 not to check replies */
    PingWorker(Route pong, Object ping, int inFlight, long total, int replyLength) {
        this.pong = pong;
        this.ping = ping;
        this.inFlight = inFlight;
        this.total = total;
        this.replyLength = replyLength;
    }

    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        if (msg.body() instanceof Start) {
            startedAt = System.nanoTime();
            for (int i = 0; i < inFlight; i++) {
                ctx.send(pong, ping);
            }
            return;
        }
        if (replyLength >= 0 && (!(msg.body() instanceof NeutralMessage n) || n.length() != replyLength)) {
            badReplies++;
        }
        progress.lazySet(++received);
        if (received == total) {
            done.complete(System.nanoTime() - startedAt);
        } else if (received <= total - inFlight) {
            ctx.send(pong, ping);
        }
    }

    /** Prints a warning if a reply was not what was sent. */
    void warnAboutBadReplies() {
        if (badReplies != 0) {
            System.out.printf("  warning: %,d replies were not a %d-byte NeutralMessage%n", badReplies, replyLength);
        }
    }

    /**
     * Waits for {@code done}; fails if {@code progress} has not moved for {@code stallNanos}, saying how far it
     * got and what {@code state} reports.
     */
    static long await(CompletableFuture<Long> done, java.util.function.LongSupplier progress, long total, String what,
                      long stallNanos, java.util.function.Supplier<String> state) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            try {
                return done.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long p = progress.getAsLong();
                long now = System.nanoTime();
                if (p != last) {
                    last = p;
                    lastChange = now;
                } else if (now - lastChange > stallNanos) {
                    throw new IllegalStateException(String.format("%s stalled at %,d of %,d (no progress for %d s)%s",
                            what, p, total, TimeUnit.NANOSECONDS.toSeconds(stallNanos), state.get()));
                }
            }
        }
    }
}
