package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A peer node ({@link EchoPeerMain}) in a JVM of its own; its output is collected as it comes. */
final class PeerJvm implements AutoCloseable {
    private static final Duration START_WITHIN = Duration.ofSeconds(90);

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    /** A peer listening on 127.0.0.1:{@code port} (0 picks one). */
    PeerJvm(int port) throws IOException {
        this(port, 0);
    }

    /** The same, with at most {@code maxOpenFiles} file descriptors (0: the inherited limit), set by the shell. */
    PeerJvm(int port, int maxOpenFiles) throws IOException {
        String java = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-cp", "'" + System.getProperty("java.class.path") + "'", EchoPeerMain.class.getName(),
                Integer.toString(port));
        String limit = maxOpenFiles > 0 ? "ulimit -n " + maxOpenFiles + " && " : "";
        // exec: the JVM replaces the shell, so the process (and its pid) is the JVM itself
        process = new ProcessBuilder("bash", "-c", limit + "exec " + java).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    long pid() {
        return process.pid();
    }

    /** The output so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    int awaitReady() throws InterruptedException {
        Pattern ready = Pattern.compile("^READY (\\d+)$");
        long deadline = System.nanoTime() + START_WITHIN.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = ready.matcher(lines.get(seen));
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && seen == lines.size()) {
                    fail("the peer did not start within " + START_WITHIN + " (alive: " + process.isAlive()
                            + "); output:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** kill -9, and reap it (waitFor: PID 1 here does not reap zombies). Returns the exit status. */
    int kill9() throws InterruptedException {
        process.destroyForcibly(); // Linux: SIGKILL to the JVM itself (checked by the exit status)
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the peer did not die");
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
