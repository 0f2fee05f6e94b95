package dev.ockamj.node;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the workers that block. Every half {@code ockamj.node.blocked-worker-warning} it looks at which message
 * each worker's actor is handling (Akka keeps that per actor anyway, so the message path pays nothing); a worker
 * of the shared dispatcher seen on the same message for longer than the limit is reported once, with what to do.
 *
 * <p>It runs on a thread of its own, one daemon thread for every node of the JVM, not on a dispatcher: it works when
 * the workers' threads are all stuck, which is when it matters most (on JDK 17 one blocked thread of the shared
 * fork-join pool can leave the others idle while work waits: see docs/nodes-and-workers.md), and a look at a very
 * large node (0.1 to 0.2 s for 1,000,000 idle workers, measured here) delays none of the node's timers. A look that
 * took d waits at least 20 d for the next, so the watch takes at most about 5% of that thread. Only that thread
 * touches its state.
 */
final class StallWatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

    private final Router router;
    private final String nodeName;
    private final long limitNanos;
    private final Duration limit;
    /** The workers seen busy at the last look: the message they were on, since when, and whether it was reported. */
    private Map<WorkerCell, Seen> busy = new IdentityHashMap<>();

    private record Seen(Object message, long since, boolean reported) {
    }

    private static final ScheduledExecutorService THREAD =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ockamj-stall-watch");
                t.setDaemon(true);
                return t;
            });

    /** Starts looking every {@link #interval()}; cancel the result to stop. */
    static ScheduledFuture<?> schedule(StallWatch watch) {
        long every = watch.interval().toNanos();
        return THREAD.scheduleWithFixedDelay(watch, every, every, TimeUnit.NANOSECONDS);
    }

    /** When the next look is due: a look that took d waits at least 20 d. */
    private long nextLook = Long.MIN_VALUE;

    StallWatch(Router router, String nodeName, Duration limit) {
        this.router = router;
        this.nodeName = nodeName;
        this.limit = limit;
        this.limitNanos = limit.toNanos();
    }

    /** How often {@link #run} should be called: a stuck worker is reported 1 to 2 limits after it got stuck. */
    Duration interval() {
        return limit.dividedBy(2);
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            if (nextLook != Long.MIN_VALUE && now - nextLook < 0) {
                return;
            }
            look(now);
            nextLook = now + 20 * (System.nanoTime() - now);
        } catch (RuntimeException e) {
            LOG.debug("node '{}': stall watch failed", nodeName, e);
        }
    }

    private void look(long now) {
        Map<WorkerCell, Seen> next = new IdentityHashMap<>();
        router.forEachUnfinishedWorker(cell -> {
            if (cell.isBlocking() || next.containsKey(cell)) {
                return;
            }
            Object message = cell.currentMessage();
            if (message == null) {
                return;
            }
            Seen seen = busy.get(cell);
            if (seen == null || seen.message() != message) {
                seen = new Seen(message, now, false);
            }
            if (!seen.reported() && now - seen.since() >= limitNanos) {
                router.metrics.stallSeen();
                LOG.warn("node '{}': the worker at {} has been {} for more than {} ms, holding one of the threads that"
                                + " all workers share; a worker that blocks must be started with WorkerBuilder.blocking()",
                        nodeName, cell.address(), cell.inShutdown() ? "in its shutdown" : "handling one message",
                        limit.toMillis());
                seen = new Seen(seen.message(), seen.since(), true);
            }
            next.put(cell, seen);
        });
        busy = next;
    }

    /** Where each of {@code cells} is, for a report: in its shutdown, in a handler, or waiting for a thread. */
    static String describe(List<WorkerCell> cells, int max) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (WorkerCell c : cells) {
            if (n == max) {
                sb.append(", and ").append(cells.size() - max).append(" more");
                break;
            }
            if (n++ > 0) {
                sb.append(", ");
            }
            sb.append(c.address()).append(c.inShutdown() ? " (in its shutdown)"
                    : c.currentMessage() != null ? " (handling a message)" : " (waiting for a thread)");
        }
        return sb.toString();
    }
}
