package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.testing.ProcessOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A peer node ({@link EchoPeerMain}) in a JVM of its own; its output is collected as it comes. */
final class PeerJvm implements AutoCloseable {
    private static final Duration START_WITHIN = Duration.ofSeconds(90);

    private final Process process;
    private final ProcessOutput output;

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
        output = new ProcessOutput(process, "peer-output");
    }

    long pid() {
        return process.pid();
    }

    /** The output so far. */
    List<String> lines() {
        return output.lines();
    }

    int awaitReady() throws InterruptedException {
        return Integer.parseInt(output.await("^READY (\\d+)$", START_WITHIN));
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
