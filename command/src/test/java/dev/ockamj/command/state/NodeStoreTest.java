package dev.ockamj.command.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.command.multiaddr.MultiAddrException;
import dev.ockamj.node.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create/get/list/update/delete, names, the default node, secrets and state-file layout. */
class NodeStoreTest {

    @TempDir
    Path tmp;
    Path home;
    NodeStore store;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("ockam-home");
        store = new NodeStore(home);
    }

    static Set<String> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void emptyStore() {
        assertEquals(List.of(), store.list());
        assertEquals(Optional.empty(), store.get("n1"));
        assertEquals(Optional.empty(), store.getDefault());
        assertFalse(Files.exists(home), "reads create nothing");
    }

    @Test
    void createGetListUpdateDelete() {
        Instant before = Instant.now();
        NodeRecord n1 = store.create("n1");
        assertEquals("n1", n1.name());
        assertEquals(-1, n1.pid());
        assertNull(n1.tcpListenerAddress());
        assertFalse(n1.createdAt().isBefore(before));
        assertEquals(Optional.of(n1), store.get("n1"));

        store.create("b");
        store.create("a-2");
        assertEquals(List.of("a-2", "b", "n1"), store.list().stream().map(NodeRecord::name).toList());

        NodeRecord running = n1.withPid(4242).withTcpListenerAddress("127.0.0.1:4000").withVerbose(true)
                .withStartedAt(Instant.parse("2025-01-31T10:15:30.123456789Z")).withProperty("k", "v");
        assertEquals(running, store.update(running));
        assertEquals(Optional.of(running), store.get("n1"));
        assertEquals(Optional.of(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000")), running.tcpListenerMultiAddr());

        NodeRecord stopped = store.update("n1", NodeRecord::stopped);
        assertEquals(-1, stopped.pid());
        assertEquals("127.0.0.1:4000", stopped.tcpListenerAddress());
        assertEquals(Optional.of(stopped), store.get("n1"));

        store.delete("n1");
        assertEquals(Optional.empty(), store.get("n1"));
        assertFalse(Files.exists(store.nodeDir("n1")));
        assertEquals(List.of("a-2", "b"), store.list().stream().map(NodeRecord::name).toList());
    }

    @Test
    void duplicateIsRefused() {
        store.create("n1");
        NodeStoreException e = assertThrows(NodeStoreException.class, () -> store.create("n1"));
        assertEquals(NodeStoreException.Reason.ALREADY_EXISTS, e.reason());
        assertEquals("node 'n1' already exists — see: ockam node show n1", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "_a", "a b", "a/b", "..", ".a", "a.b", "é", "a\u0000", "../etc",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void badNamesAreRefused(String name) {
        NodeStoreException e = assertThrows(NodeStoreException.class, () -> store.create(name));
        assertEquals(NodeStoreException.Reason.INVALID_NAME, e.reason());
        assertTrue(e.getMessage().startsWith("invalid node name '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("': a node name is 1 to 64 letters, digits, '-' or '_', starting with a"
                + " letter or digit"), e.getMessage());
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20), e.getMessage());
        assertThrows(NodeStoreException.class, () -> store.get(name));
        assertThrows(NodeStoreException.class, () -> store.delete(name));
        assertThrows(NodeStoreException.class, () -> store.logFile(name));
    }

    @Test
    void badNameMessage() {
        assertEquals("invalid node name 'a b': a node name is 1 to 64 letters, digits, '-' or '_', starting with a"
                + " letter or digit", assertThrows(NodeStoreException.class, () -> store.create("a b")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "n1", "A-b_c", "node-1_X",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void goodNames(String name) {
        assertEquals(name, store.create(name).name());
    }

    @Test
    void randomNames() {
        for (int i = 0; i < 100; i++) {
            String name = store.randomName();
            assertTrue(name.matches("[0-9a-f]{8}"), name);
            assertTrue(NodeNames.isValid(name));
        }
        assertNotEquals(NodeNames.random(), NodeNames.random());
    }

    @Test
    void firstCreatedIsDefault() {
        store.create("n1");
        store.create("n2");
        assertEquals(Optional.of("n1"), store.getDefault());
        store.setDefault("n2");
        assertEquals(Optional.of("n2"), store.getDefault());
        assertEquals(NodeStoreException.Reason.NOT_FOUND,
                assertThrows(NodeStoreException.class, () -> store.setDefault("nope")).reason());
    }

    @Test
    void deletingTheDefaultMovesItToTheOldestRemaining() throws InterruptedException {
        store.create("c");
        Thread.sleep(5); // distinct createdAt even on a coarse clock
        store.create("b");
        Thread.sleep(5);
        store.create("a");
        store.delete("c");
        assertEquals(Optional.of("b"), store.getDefault(), "oldest remaining, not first by name");
        store.delete("a");
        assertEquals(Optional.of("b"), store.getDefault(), "deleting another node keeps the default");
        store.delete("b");
        assertEquals(Optional.empty(), store.getDefault());
        assertFalse(Files.exists(home.resolve("default-node")));
        store.create("d");
        assertEquals(Optional.of("d"), store.getDefault());
    }

    @Test
    void defaultPointingAtAMissingNodeIsNoDefault() throws IOException {
        store.create("n1");
        Files.writeString(home.resolve("default-node"), "gone\n");
        assertEquals(Optional.empty(), store.getDefault());
        store.create("n2");
        assertEquals(Optional.of("n2"), store.getDefault());
    }

    @Test
    void secretIsMadeOnceAndKept() throws IOException {
        store.create("n1");
        String secret = store.secret("n1");
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        store.update("n1", r -> r.withPid(1).withStartedAt(Instant.now()));
        store.update("n1", NodeRecord::stopped);
        assertEquals(secret, store.secret("n1"));
        assertEquals(secret, Files.readString(store.nodeDir("n1").resolve("secret")));
        store.create("n2");
        assertNotEquals(secret, store.secret("n2"));
    }

    @Test
    void missingSecretIsMadeCorruptIsReported() throws IOException {
        store.create("n1");
        Path file = store.nodeDir("n1").resolve("secret");
        Files.delete(file);
        String secret = store.secret("n1");
        assertTrue(secret.matches("[0-9a-f]{64}"));
        assertEquals(secret, store.secret("n1"));
        Files.writeString(file, "not hex");
        NodeStoreException e = assertThrows(NodeStoreException.class, () -> store.secret("n1"));
        assertEquals(NodeStoreException.Reason.CORRUPT, e.reason());
        assertEquals(file + " is corrupt (expected 64 lowercase hex characters)", e.getMessage());
        assertEquals(NodeStoreException.Reason.NOT_FOUND,
                assertThrows(NodeStoreException.class, () -> store.secret("nope")).reason());
    }

    @Test
    void paths() {
        assertEquals(home.resolve("nodes").resolve("n1"), store.nodeDir("n1"));
        assertEquals(home.resolve("nodes").resolve("n1").resolve("stdout.log"), store.logFile("n1"));
        assertEquals(home.toAbsolutePath(), store.home());
    }

    @Test
    void homeFromEnvironment() {
        assertEquals(Paths.get("/x/y"), NodeStore.homeFrom(Map.of("OCKAM_HOME", "/x/y"), "/home/u"));
        assertEquals(Paths.get("/home/u/.ockamj"), NodeStore.homeFrom(Map.of(), "/home/u"));
        assertEquals(Paths.get("/home/u/.ockamj"), NodeStore.homeFrom(Map.of("OCKAM_HOME", " "), "/home/u"));
        NodeStore.fromEnvironment(); // reads only
    }

    @Test
    void missingNodeForChanges() {
        NodeRecord ghost = NodeRecord.created("ghost", Instant.now());
        assertEquals("node 'ghost' does not exist — see: ockam node list",
                assertThrows(NodeStoreException.class, () -> store.update(ghost)).getMessage());
        assertEquals(NodeStoreException.Reason.NOT_FOUND,
                assertThrows(NodeStoreException.class, () -> store.update("ghost", r -> r)).reason());
        assertEquals(NodeStoreException.Reason.NOT_FOUND,
                assertThrows(NodeStoreException.class, () -> store.delete("ghost")).reason());
    }

    @Test
    void recordRules() {
        assertThrows(MultiAddrException.class,
                () -> NodeRecord.created("n1", Instant.now()).withTcpListenerAddress("not an address"));
        assertThrows(IllegalArgumentException.class, () -> NodeRecord.created("n1", Instant.now()).withPid(-2));
        assertThrows(NodeStoreException.class, () -> NodeRecord.created("a b", Instant.now()));
        NodeRecord r = NodeRecord.created("n1", Instant.now()).withProperty("b", "2").withProperty("a", "1");
        assertEquals(List.of("a", "b"), List.copyOf(r.properties().keySet()));
        assertEquals(Map.of("b", "2"), r.withProperty("a", null).properties());
        assertThrows(UnsupportedOperationException.class, () -> r.properties().put("c", "3"));
    }

    @Test
    void updateCannotRename() {
        store.create("n1");
        assertThrows(IllegalArgumentException.class,
                () -> store.update("n1", r -> NodeRecord.created("n2", r.createdAt())));
    }

    @Test
    void nodeResolverFeedsMultiAddr() {
        store.create("n1");
        store.create("n2");
        store.update("n1", r -> r.withTcpListenerAddress("127.0.0.1:4000"));
        assertEquals(Route.parse("1#127.0.0.1:4000 => 0#uppercase"),
                MultiAddr.parse("/node/n1/service/uppercase").toRoute(store.nodeResolver()));
        assertEquals("invalid multiaddr '/node/zz/service/x': there is no node named 'zz'",
                assertThrows(MultiAddrException.class,
                        () -> MultiAddr.parse("/node/zz/service/x").toRoute(store.nodeResolver())).getMessage());
        assertEquals("node 'n2' has no TCP listener — is it running? see: ockam node show n2",
                assertThrows(NodeStoreException.class,
                        () -> MultiAddr.parse("/node/n2/service/x").toRoute(store.nodeResolver())).getMessage());
        assertThrows(MultiAddrException.class,
                () -> MultiAddr.parse("/node/a.b/service/x").toRoute(store.nodeResolver()));
    }

    @Test
    void writesLeaveNoTemporaryFiles() throws IOException {
        store.create("n1");
        store.create("n2");
        for (int i = 0; i < 20; i++) {
            int pid = i;
            store.update("n1", r -> r.withPid(pid));
            store.setDefault(i % 2 == 0 ? "n1" : "n2");
        }
        store.secret("n1");
        store.delete("n2");
        assertEquals(Set.of(".lock", "default-node", "nodes"), children(home));
        assertEquals(Set.of("n1"), children(home.resolve("nodes")));
        assertEquals(Set.of("node.json", "secret"), children(store.nodeDir("n1")));
    }

    @Test
    void failedAtomicWriteLeavesOldFileAndNoTemp() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve("child")); // a non-empty directory cannot be replaced
        assertThrows(IOException.class, () -> PrivateFiles.writeAtomically(target, new byte[] {1, 2, 3}));
        assertEquals(Set.of("target"), children(dir));

        Path file = dir.resolve("f");
        PrivateFiles.writeAtomically(file, "one".getBytes(StandardCharsets.UTF_8));
        PrivateFiles.writeAtomically(file, "two".getBytes(StandardCharsets.UTF_8));
        assertEquals("two", Files.readString(file));
        assertEquals(Set.of("f", "target"), children(dir));
    }

    @Test
    void leftoversOfInterruptedCreateAndDeleteAreIgnoredThenRemoved() throws IOException {
        store.create("n1");
        Path nodes = home.resolve("nodes");
        Files.createDirectories(nodes.resolve(".creating-n2-0011").resolve("x"));
        Files.createDirectories(nodes.resolve(".deleting-n3-0011"));
        Files.writeString(nodes.resolve("stray-file"), "x");
        Files.createDirectories(nodes.resolve("bad name"));
        assertEquals(List.of("n1"), store.list().stream().map(NodeRecord::name).toList());
        store.create("n2");
        assertEquals(Set.of("n1", "n2", "stray-file", "bad name"), children(nodes));
    }
}
