package dev.ockamj.node.internal;

import java.util.function.LongSupplier;

/**
 * Keeps a log line that a peer can trigger at will (a message dropped, a connection closed for bad input) from
 * flooding the log: a token bucket of {@link #BURST} lines that refills at {@link #PER_SECOND} lines a second.
 * The lines held back are counted, and the next line that passes says how many ({@link #suffix}), so the log still
 * accounts for every event.
 *
 * <pre>{@code
 * long held = limit.admit();
 * if (held >= 0) {
 *     LOG.warn("message dropped: {}{}", why, LogLimit.suffix(held));
 * }
 * }</pre>
 */
public final class LogLimit {
    /** Lines that may pass at once after a quiet spell. */
    public static final int BURST = 100;
    /** Lines that may pass per second under a steady flood. */
    public static final int PER_SECOND = 10;

    private static final long NANOS_PER_LINE = 1_000_000_000L / PER_SECOND;

    private final LongSupplier clock;
    private double tokens = BURST;
    private long refilledAt;
    private long held;

    public LogLimit() {
        this(System::nanoTime);
    }

    LogLimit(LongSupplier nanoClock) {
        this.clock = nanoClock;
        this.refilledAt = nanoClock.getAsLong();
    }

    /**
     * Returns -1 if this line must be held back; otherwise the number of lines held back since the last line that
     * passed (usually 0), which the caller shows with {@link #suffix}.
     */
    public synchronized long admit() {
        long now = clock.getAsLong();
        tokens = Math.min(BURST, tokens + (double) (now - refilledAt) / NANOS_PER_LINE);
        refilledAt = now;
        if (tokens < 1) {
            held++;
            return -1;
        }
        tokens -= 1;
        long h = held;
        held = 0;
        return h;
    }

    /** What to append to a line that passed after {@code held} lines were held back ("" when none were). */
    public static String suffix(long held) {
        return held == 0 ? "" : " [" + held + " similar lines held back]";
    }
}
