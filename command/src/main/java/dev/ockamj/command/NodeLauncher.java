package dev.ockamj.command;

import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStatus;
import dev.ockamj.command.state.NodeStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starts a node in a background JVM and waits until it answers, or reports why it did not. */
final class NodeLauncher {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Long.getLong("ockamj.node.start-timeout", 60));

    private NodeLauncher() {
    }

    /** Starts node {@code name} (its record exists and it is not running) and returns its record once it is UP. */
    static NodeRecord start(NodeStore store, ManagerClient client, String name, boolean verbose) {
        Path log = store.prepareLogFile(name); // 0600: a node's log is as private as its other state
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xss1m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NodeProcess.class.getName());
        cmd.add("--home=" + store.home().toAbsolutePath());
        cmd.add("--name=" + name);
        if (verbose) {
            cmd.add("--verbose");
        }
        Process process;
        try {
            process = new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(store.errorLogFile(name).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new CommandException("cannot start a JVM for node '" + name + "': " + e.getMessage());
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failed(store, name, "its process exited with status " + process.exitValue());
            }
            Optional<NodeRecord> record = store.get(name);
            if (record.isPresent() && record.get().pid() == process.pid() && store.status(record.get()) == NodeStatus.UP
                    && record.get().tcpListenerAddress() != null) {
                try {
                    client.call(record.get(), "status", List.of(), Duration.ofSeconds(5));
                    return record.get();
                } catch (CommandException e) {
                    // not answering yet
                }
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw failed(store, name, "it did not answer within " + READY_TIMEOUT.toSeconds() + "s");
    }

    private static CommandException failed(NodeStore store, String name, String why) {
        StringBuilder sb = new StringBuilder("node '" + name + "' failed to start: " + why + ".");
        for (Path file : List.of(store.logFile(name), store.errorLogFile(name))) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (!lines.isEmpty()) {
                    sb.append(" The end of ").append(file.getFileName()).append(":\n");
                    lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append("  ").append(l).append('\n'));
                }
            } catch (IOException e) {
                // no log to show
            }
        }
        sb.append("See: ockam node logs ").append(name);
        return new CommandException(sb.toString());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted");
        }
    }
}
