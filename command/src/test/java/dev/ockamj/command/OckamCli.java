package dev.ockamj.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code ./ockam} launcher in a child process with its own {@code $OCKAM_HOME}, as a user would.
 * The launcher gets this JVM's classpath (OCKAMJ_CLASSPATH) instead of building, since Maven is building now.
 */
final class OckamCli {
    static final Path REPO = Path.of(System.getenv().getOrDefault("OCKAMJ_REPO", "..")).toAbsolutePath().normalize();

    final Path home;
    /** More environment for the commands (and so for the nodes they start), e.g. OTEL_* variables. */
    final java.util.Map<String, String> env = new java.util.HashMap<>();

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    OckamCli(Path home) {
        this.home = home;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("ockam").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Files.createTempDirectory("cwd").toFile());
        pb.environment().put("OCKAM_HOME", home.toString());
        pb.environment().put("OCKAMJ_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ockam " + String.join(" ", args) + " did not finish within 180 s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    /** Runs and requires exit status 0. */
    Result ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        if (r.status() != 0) {
            throw new AssertionError("ockam " + String.join(" ", args) + " failed: " + r);
        }
        return r;
    }

    /** Starts a long-running command (e.g. --foreground) without waiting for it. */
    /** Deletes every node and kills its process, whatever state a test left it in. Best effort. */
    void deleteAllNodes() throws IOException, InterruptedException {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        try {
            for (com.fasterxml.jackson.databind.JsonNode n : new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(run("node", "list", "--output", "json").out())) {
                if (!n.get("pid").isNull()) {
                    pids.add(n.get("pid").asLong());
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: delete what can be deleted
        }
        run("node", "delete", "--all", "-y");
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("ockam").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OCKAM_HOME", home.toString());
        pb.environment().put("OCKAMJ_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().putAll(env);
        pb.redirectOutput(home.resolve("foreground.out").toFile());
        return pb.start();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
