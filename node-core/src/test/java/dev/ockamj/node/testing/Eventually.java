package dev.ockamj.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Waits for a value that other threads set, e.g. a counter that a node's dispatcher increments. */
public final class Eventually {
    private Eventually() {
    }

    /** Polls {@code actual} until it is {@code expected} or {@code within} has passed, then asserts it is. */
    public static void assertEventually(double expected, DoubleSupplier actual, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (actual.getAsDouble() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, actual.getAsDouble());
    }
}
