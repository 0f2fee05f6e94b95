package dev.ockamj.node.internal;


import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogLimitTest {

    @Test
    void aBurstPassesThenTheRateAndEveryLineHeldBackIsCountedByTheNextThatPasses() {
        AtomicLong now = new AtomicLong(1_000);
        LogLimit limit = new LogLimit(now::get);
        for (int i = 0; i < LogLimit.BURST; i++) {
            assertEquals(0, limit.admit(), "line " + i + " of the burst");
        }
        for (int i = 0; i < 5_000; i++) {
            assertEquals(-1, limit.admit());
        }
        now.addAndGet(1_000_000_000L / LogLimit.PER_SECOND); // one line's worth of time
        assertEquals(5_000, limit.admit());
        assertEquals(-1, limit.admit());

        now.addAndGet(60_000_000_000L); // a quiet minute refills the burst, not more
        assertEquals(1, limit.admit());
        for (int i = 1; i < LogLimit.BURST; i++) {
            assertEquals(0, limit.admit());
        }
        assertEquals(-1, limit.admit());
        assertEquals("", LogLimit.suffix(0));
        assertEquals(" [7 similar lines held back]", LogLimit.suffix(7));
    }
}
