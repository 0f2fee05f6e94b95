package dev.ockamj.node.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The output of a child process (stdout with stderr merged into it), collected line by line as it comes. */
public final class ProcessOutput {
    private final List<String> lines = new ArrayList<>();
    private boolean ended; // the output reached its end: no more lines will come

    /** Starts reading {@code process}'s output on a daemon thread named {@code threadName}. */
    public ProcessOutput(Process process, String threadName) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                synchronized (lines) {
                    ended = true;
                    lines.notifyAll();
                }
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits for a line matching {@code regex} and returns its first group (or the whole match). Fails with the
     * output so far when none comes within {@code within} or the output ends (the process closed it) without one.
     */
    public String await(String regex, Duration within) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = p.matcher(lines.get(seen));
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended) {
                    throw new AssertionError("no line matching " + regex + (ended ? " before the output ended"
                            : " within " + within) + "; output:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** The lines so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The output so far, one string. */
    public String text() {
        return String.join("\n", lines());
    }
}
