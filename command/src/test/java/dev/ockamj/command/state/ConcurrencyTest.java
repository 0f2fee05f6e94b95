package dev.ockamj.command.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes from several threads and from another process stay consistent. */
class ConcurrencyTest {

    @TempDir
    Path home;

    @Test
    void exactlyOneOfConcurrentCreatesWins() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "n" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    NodeStore store = new NodeStore(home); // like separate CLI invocations
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            store.create(name);
                            return true;
                        } catch (NodeStoreException e) {
                            assertEquals(NodeStoreException.Reason.ALREADY_EXISTS, e.reason());
                            return false;
                        }
                    }));
                }
                go.countDown();
                int wins = 0;
                for (Future<Boolean> f : results) {
                    wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, wins, name);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, new NodeStore(home).list().size());
        assertEquals("n0", new NodeStore(home).getDefault().orElseThrow());
    }

    @Test
    void concurrentUpdatesAreNotLost() throws Exception {
        new NodeStore(home).create("n1");
        int n = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = "k" + i;
                all.add(pool.submit(() -> new NodeStore(home).update("n1", r -> r.withProperty(key, "v"))));
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(n, new NodeStore(home).get("n1").orElseThrow().properties().size());
    }

    /** A child JVM holds the file lock; a create here waits until the child lets go. */
    @Test
    void theFileLockExcludesOtherProcesses() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), home.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = child.getOutputStream()) {
            assertEquals(LockHolder.LOCKED, out.readLine());
            CompletableFuture<NodeRecord> create = CompletableFuture.supplyAsync(() -> new NodeStore(home).create("n1"));
            try {
                create.get(700, TimeUnit.MILLISECONDS);
                throw new AssertionError("create did not wait for the other process's lock");
            } catch (TimeoutException expected) {
                // still blocked: good
            }
            assertFalse(create.isDone());
            in.write('\n');
            in.flush();
            assertEquals("n1", create.get(30, TimeUnit.SECONDS).name());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    /** Run in a child JVM: takes the lock of the home in args[0], says so, holds it until a line on stdin. */
    public static final class LockHolder {
        static final String LOCKED = "locked";

        public static void main(String[] args) throws IOException {
            HomeLock.with(Paths.get(args[0]), () -> {
                System.out.println(LOCKED);
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return null;
            });
        }
    }
}
