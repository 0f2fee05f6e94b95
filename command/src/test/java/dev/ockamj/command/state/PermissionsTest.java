package dev.ockamj.command.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On POSIX file systems state is owner-only: directories 0700, files 0600. */
class PermissionsTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(PrivateFiles.isPosix(tmp), "POSIX permissions");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void everythingIsOwnerOnly() throws IOException {
        Path home = tmp.resolve("a").resolve("home");
        NodeStore store = new NodeStore(home);
        store.create("n1");
        store.update("n1", r -> r.withPid(1));
        store.setDefault("n1");
        assertEquals("rwx------", mode(tmp.resolve("a")), "missing parents too");
        assertEquals("rwx------", mode(home));
        assertEquals("rwx------", mode(home.resolve("nodes")));
        assertEquals("rwx------", mode(store.nodeDir("n1")));
        assertEquals("rw-------", mode(store.nodeDir("n1").resolve("node.json")));
        assertEquals("rw-------", mode(store.nodeDir("n1").resolve("secret")));
        assertEquals("rw-------", mode(home.resolve("default-node")));
        assertEquals("rw-------", mode(home.resolve(".lock")));
    }

    @Test
    void aSecretMadeLaterIsOwnerOnlyToo() throws IOException {
        NodeStore store = new NodeStore(tmp);
        store.create("n1");
        Files.delete(store.nodeDir("n1").resolve("secret"));
        store.secret("n1");
        assertEquals("rw-------", mode(store.nodeDir("n1").resolve("secret")));
    }

    @Test
    void theNodesLogFileIsOwnerOnlyEvenWhenAnOlderOneWasWider() throws IOException {
        NodeStore store = new NodeStore(tmp);
        store.create("n1");
        Path log = store.prepareLogFile("n1");
        assertEquals("rw-------", mode(log));
        Files.writeString(log, "a line\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(log, store.prepareLogFile("n1"));
        assertEquals("rw-------", mode(log));
        assertEquals("a line\n", Files.readString(log), "kept: the node appends to it");
    }

    @Test
    void atomicWritesAreOwnerOnlyEvenOverAWiderFile() throws IOException {
        Path file = tmp.resolve("f");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.writeAtomically(file, new byte[] {1});
        assertEquals("rw-------", mode(file));
    }
}
