package dev.ockamj.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link ClusterMember05} running in a JVM of its own (a child process, as {@code examples/run 05-cluster-member}
 * would run it), for {@code 05-cluster-demo} and the fault tests: its output lines are collected as they come
 * and can be waited for.
 */
final class ClusterMemberProcess implements AutoCloseable {
    /** Set on the child's command line: the member exits when the JVM that started it is gone (no orphans). */
    static final String EXIT_WITH_PARENT = "ockamj.examples.exit-with-parent";
    private static final int KEPT_LINES = 300;

    final String name;
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final Deque<String> err = new ArrayDeque<>();
    private boolean outEnded;
    private volatile String artery;
    private volatile String tcp;

    private ClusterMemberProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts member {@code name}: Artery on {@code artery} ({@code host:0} picks a free port), joining the member at
     * {@code join} ({@code "self"} forms a new cluster), ready once {@code expected} members are up.
     *
     * @param echo gets each stdout line of the member as it comes (e.g. to print it), or null
     * @param echoErr gets each stderr line (the member's logs), or null
     */
    static ClusterMemberProcess start(String name, String artery, String join, int expected,
            Consumer<String> echo, Consumer<String> echoErr) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small, quick-starting JVMs: three of them share the machine with the demo or the tests
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-D" + EXIT_WITH_PARENT + "=true",
                "-cp", System.getProperty("java.class.path"), Examples.class.getName(), "05-cluster-member",
                name, artery, join, Integer.toString(expected));
        ClusterMemberProcess m = new ClusterMemberProcess(name, new ProcessBuilder(cmd).start());
        m.process.getOutputStream().close();
        m.read(m.process.getInputStream(), true, echo);
        m.read(m.process.getErrorStream(), false, echoErr);
        return m;
    }

    private void read(InputStream in, boolean stdout, Consumer<String> echo) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        if (stdout) {
                            out.add(line);
                            notifyAll();
                        } else {
                            err.addLast(line);
                            if (err.size() > KEPT_LINES) {
                                err.removeFirst();
                            }
                        }
                    }
                    if (echo != null) {
                        echo.accept(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                if (stdout) {
                    synchronized (this) {
                        outEnded = true;
                        notifyAll();
                    }
                }
            }
        }, "member-" + name + (stdout ? "-stdout" : "-stderr"));
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits for a stdout line matching {@code pattern}, from the first line on; null if none came before
     * {@code deadlineNanos} (a {@link System#nanoTime()} value) or the member's output ended.
     */
    synchronized Matcher await(Pattern pattern, long deadlineNanos) throws InterruptedException {
        int seen = 0;
        while (true) {
            for (; seen < out.size(); seen++) {
                Matcher m = pattern.matcher(out.get(seen));
                if (m.find()) {
                    return m;
                }
            }
            long left = deadlineNanos - System.nanoTime();
            if (outEnded || left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for {@code MEMBER STARTED}: the member's Artery address, or null. */
    String awaitStarted(long deadlineNanos) throws InterruptedException {
        Matcher m = await(Pattern.compile("^MEMBER STARTED " + Pattern.quote(name) + " artery=(\\S+)"), deadlineNanos);
        return m == null ? null : m.group(1);
    }

    /** Waits for {@code MEMBER READY}; false if it did not come in time (or the member failed). */
    boolean awaitReady(long deadlineNanos) throws InterruptedException {
        Matcher m = await(Pattern.compile("^MEMBER READY " + Pattern.quote(name) + " artery=(\\S+) tcp=(\\S+)"), deadlineNanos);
        if (m == null) {
            return false;
        }
        artery = m.group(1);
        tcp = m.group(2);
        return true;
    }

    /** Artery address {@code host:port} (known once ready). */
    String artery() {
        return artery;
    }

    /** TCP listener {@code host:port} with the gateways (known once ready). */
    String tcp() {
        return tcp;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: the member gets no chance to leave the cluster. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the member gracefully and waits for it, forcibly if that takes too long. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The member's recent output and logs, for error messages. */
    synchronized String diagnostics() {
        List<String> lastOut = out.subList(Math.max(0, out.size() - 50), out.size());
        return "--- " + name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exited " + process.exitValue())
                + ") stdout:\n" + String.join("\n", lastOut) + "\n--- " + name + " stderr (last lines):\n"
                + String.join("\n", err);
    }

    /**
     * Stops the members one after the other, the last started first, each leaving the cluster gracefully (about
     * 2 s each; members leaving all at once wait on each other much longer).
     */
    static void stopAll(List<ClusterMemberProcess> members) throws InterruptedException {
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).close();
        }
    }

    /** Starts {@code count} members named member-1.. on 127.0.0.1: the first forms the cluster, the others join it. */
    static List<ClusterMemberProcess> startCluster(int count, Duration within, Consumer<String> echo,
            Consumer<String> echoErr) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<ClusterMemberProcess> members = new ArrayList<>();
        try {
            ClusterMemberProcess first = start("member-1", "127.0.0.1:0", "self", count, echo, echoErr);
            members.add(first);
            String seed = first.awaitStarted(deadline);
            if (seed == null) {
                throw new IllegalStateException("member-1 did not start within " + within.toSeconds() + " s\n" + first.diagnostics());
            }
            for (int i = 2; i <= count; i++) {
                members.add(start("member-" + i, "127.0.0.1:0", seed, count, echo, echoErr));
            }
            for (ClusterMemberProcess m : members) {
                if (!m.awaitReady(deadline)) {
                    throw new IllegalStateException(m.name + " did not get ready (" + count + " members up, service 'upper' on each)"
                            + " within " + within.toSeconds() + " s\n" + m.diagnostics());
                }
            }
            return members;
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (ClusterMemberProcess m : members) {
                m.kill();
            }
            throw e;
        }
    }
}
