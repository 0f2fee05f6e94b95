package dev.ockamj.command.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UP / DOWN / ZOMBIE / BROKEN against real child processes. */
class NodeStatusTest {

    @TempDir
    Path home;
    NodeStore store;
    Process child;

    @BeforeEach
    void setUp() {
        assumeTrue(Files.isExecutable(Paths.get("/bin/sh")), "needs /bin/sh");
        store = new NodeStore(home);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A long-lived process whose arguments include {@code markers} ("; exit" keeps sh from exec'ing sleep). */
    private Process start(String... markers) throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/bin/sh", "-c", "sleep 30; exit 0"));
        cmd.addAll(java.util.List.of(markers));
        child = new ProcessBuilder(cmd).start();
        return child;
    }

    @Test
    void noPidIsDown() {
        NodeRecord r = store.create("n1");
        assertEquals(NodeStatus.DOWN, store.status(r));
        assertEquals(Optional.empty(), store.process(r));
    }

    @Test
    void brokenIsBroken() {
        NodeRecord r = NodeRecord.broken("n1", Instant.now(), "bad");
        assertEquals(NodeStatus.BROKEN, store.status(r));
    }

    @Test
    void liveProcessNamingTheNodeIsUpAndZombieOnceKilled() throws Exception {
        store.create("n1");
        Process p = start("n1");
        NodeRecord r = store.update("n1", rec -> rec.withPid(p.pid()));
        assertEquals(NodeStatus.UP, store.status(r));
        assertEquals(p.pid(), store.process(r).orElseThrow().pid());

        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(NodeStatus.ZOMBIE, store.status(r));
        assertEquals(Optional.empty(), store.process(r));
        // what start/delete do to clean it up
        assertEquals(NodeStatus.DOWN, store.status(store.update("n1", NodeRecord::stopped)));
    }

    @Test
    void nameAsOptionValueCounts() throws Exception {
        store.create("n1");
        Process p = start("--node-name=n1");
        assertEquals(NodeStatus.UP, store.status(store.update("n1", rec -> rec.withPid(p.pid()))));
    }

    @Test
    void aCommandLineLongerThanAPageStillNamesTheNode() throws Exception {
        // as a node process with a long class path: the JDK reads 4 KB of /proc/PID/cmdline and then gives no arguments
        store.create("n1");
        Process p = start("-cp", "/x".repeat(3000), "--name=n1");
        assertEquals(NodeStatus.UP, store.status(store.update("n1", rec -> rec.withPid(p.pid()))));
    }

    @Test
    void aPidReusedByAnotherProgramIsZombie() throws Exception {
        store.create("n1");
        Process p = start("n10"); // similar, not equal
        NodeRecord r = store.update("n1", rec -> rec.withPid(p.pid()));
        assertEquals(NodeStatus.ZOMBIE, store.status(r));
    }

    @Test
    void aPidThatNeverExistedIsZombie() {
        NodeRecord r = store.create("n1").withPid(Long.MAX_VALUE / 2);
        assertEquals(NodeStatus.ZOMBIE, store.status(r));
    }
}
