package dev.ockamj.examples;

import dev.ockamj.node.testing.ProcessOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An example running in a JVM of its own, as `examples/run NAME` runs it; its output is collected as it comes. */
final class ExampleProcess implements AutoCloseable {
    private final Process process;
    private final ProcessOutput output;

    ExampleProcess(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Examples.class.getName(), name));
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        output = new ProcessOutput(process, "example-output");
    }

    /** Waits for a line matching {@code regex} and returns its first group (or the whole line). */
    String await(String regex, Duration within) throws InterruptedException {
        return output.await(regex, within);
    }

    int waitForExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the example did not exit within " + within + "; output:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        return output.text();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
