package dev.ockamj.node.internal;

import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Says once per JVM, on stderr, that no SLF4J binding is present: many of ockamj's faults (a message dropped,
 * access denied, a peer that stopped reading) are reported only in log lines, which SLF4J's no-operation
 * fallback would swallow after its own terse warning.
 */
public final class LoggingBinding {
    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private LoggingBinding() {
    }

    /** Checks at most once per JVM; prints the notice if SLF4J has no provider. */
    public static void noticeIfMissing() {
        if (CHECKED.compareAndSet(false, true) && !present()) {
            System.err.println("ockamj: no SLF4J binding on the class path, so ockamj's warnings and errors"
                    + " (messages dropped, access denied, peers that stop reading) are not shown anywhere. Add one,"
                    + " e.g. ch.qos.logback:logback-classic (see the README, \"Use it from Maven\").");
        }
    }

    static boolean present() {
        try {
            return ServiceLoader.load(SLF4JServiceProvider.class, LoggingBinding.class.getClassLoader())
                    .findFirst().isPresent();
        } catch (java.util.ServiceConfigurationError e) {
            return true; // a provider is there but broken: SLF4J itself reports that
        }
    }
}
