package dev.ockamj.node.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Captures the log lines of one logger so a test can assert that a warning was written. Shared with other modules
 * through node-core's test jar. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    public LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> lines(Level level) {
        synchronized (appender) { // AppenderBase appends under the appender's own lock
            return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits (with a deadline, not a sleep) for a line at {@code level} matching {@code p}. */
    public String await(Level level, Predicate<String> p) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines(level)) {
                if (p.test(line)) {
                    return line;
                }
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no " + level + " log line matched; got " + lines(level));
    }

    /** What a log event shows a reader: its formatted message, then the message of each exception in its chain. */
    public static List<String> texts(ILoggingEvent e) {
        List<String> texts = new ArrayList<>();
        texts.add(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            texts.add(t.getMessage() == null ? "" : t.getMessage());
        }
        return texts;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
