package dev.ockamj.command.state;

import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.node.internal.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The CLI's record of nodes, kept in one directory ({@code $OCKAM_HOME}, default {@code ~/.ockamj}):
 * <pre>
 * $OCKAM_HOME/                      0700
 *   .lock                           0600  held (FileChannel.lock) while create/update/delete/setDefault run
 *   default-node                    0600  the default node's name; absent when there is none
 *   nodes/                          0700
 *     &lt;name&gt;/                      0700  one directory per node, created and deleted whole
 *       node.json                   0600  the {@link NodeRecord} (JSON, format 1; see {@code NodeJson})
 *       secret                      0600  32 random bytes as 64 lowercase hex characters, made once by create
 *       stdout.log                  0600  the node process's log, its stdout ({@link #logFile}; Ockam's name)
 *       stderr.log                  0600  the node process's stderr: what the JVM says when it cannot start ({@link #errorLogFile})
 *     .creating-&lt;name&gt;-&lt;hex&gt;/       a node being created, renamed to &lt;name&gt; when complete
 *     .deleting-&lt;name&gt;-&lt;hex&gt;/       a node being deleted, renamed away first so it vanishes at once
 * </pre>
 * Every file is written atomically (temp file in the same directory, fsync, atomic rename), so readers need
 * no lock: {@link #get} and {@link #list} see a node completely or not at all. Writers take the lock so two
 * CLI processes cannot both create a name or lose each other's updates. On POSIX file systems directories
 * are created 0700 and files 0600 (permissions given at creation); an existing {@code $OCKAM_HOME} keeps
 * its permissions.
 *
 * <p>A {@code node.json} that cannot be read does not break {@link #list} or {@link #get}: it comes back as
 * a {@link NodeRecord#broken broken} record ({@link NodeStatus#BROKEN}, reason in
 * {@link NodeRecord#problem()}), which {@link #delete} removes like any other. Entries of {@code nodes/}
 * that are not directories or whose names break the {@link NodeNames naming rule} are ignored.
 *
 * <p>Default node: the first node created becomes the default. Deleting the default moves it to the oldest
 * remaining readable node (by {@code createdAt}, then name), or clears it if there is none.
 *
 * <p>Failures are {@link NodeStoreException}s; the {@link dev.ockamj.command.multiaddr} exceptions appear
 * only for a record given a malformed TCP listener.
 */
public final class NodeStore {
    public static final String ENV_HOME = "OCKAM_HOME";
    static final String NODES = "nodes";
    static final String NODE_JSON = "node.json";
    static final String SECRET = "secret";
    /** The node's identity secrets, owner-only (IdentitySecrets text). */
    static final String IDENTITY = "identity";
    static final String NODE_LOG = "stdout.log";
    static final String ERROR_LOG = "stderr.log";
    static final String DEFAULT_NODE = "default-node";
    static final String CREATING = ".creating-";
    static final String DELETING = ".deleting-";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Path home;

    /** A store in {@code home}; nothing is created until the first change. */
    public NodeStore(Path home) {
        this.home = Objects.requireNonNull(home, "home").toAbsolutePath().normalize();
    }

    /** The store in {@code $OCKAM_HOME}, or {@code ~/.ockamj} when it is unset or blank. */
    public static NodeStore fromEnvironment() {
        return new NodeStore(homeFrom(System.getenv(), System.getProperty("user.home")));
    }

    static Path homeFrom(Map<String, String> env, String userHome) {
        String configured = env.get(ENV_HOME);
        return configured == null || configured.isBlank() ? Paths.get(userHome, ".ockamj") : Paths.get(configured);
    }

    public Path home() {
        return home;
    }

    public Path nodeDir(String name) {
        return home.resolve(NODES).resolve(NodeNames.check(name));
    }

    /** Where the node process writes its log; the file may not exist. */
    public Path logFile(String name) {
        return nodeDir(name).resolve(NODE_LOG);
    }

    /** Where the node process's stderr goes; the file may not exist. */
    public Path errorLogFile(String name) {
        return nodeDir(name).resolve(ERROR_LOG);
    }

    /**
     * Makes sure node {@code name}'s log files ({@link #logFile}, {@link #errorLogFile}) exist and only its owner
     * may read them (0600, like the rest of the node's state: a log names routes, peers and workers), and returns
     * the first. A log file made with the umask's mode is narrowed.
     */
    public Path prepareLogFile(String name) {
        prepare(errorLogFile(name), name);
        return prepare(logFile(name), name);
    }

    private Path prepare(Path log, String name) {
        try {
            try {
                Files.createFile(log, PrivateFiles.fileAttributes(log));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (PrivateFiles.isPosix(log)) {
                    java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(log,
                            java.nio.file.attribute.PosixFileAttributeView.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
            }
            return log;
        } catch (IOException e) {
            throw io("prepare the log file of node '" + name + "'", e);
        }
    }

    /** A random name ({@link NodeNames#random}) no node has yet. */
    public String randomName() {
        while (true) {
            String name = NodeNames.random();
            if (!Files.exists(nodeDir(name))) {
                return name;
            }
        }
    }

    // --- changes (under the lock) ---------------------------------------------------------------------

    /**
     * Creates node {@code name}: its directory, its secret and a {@link NodeRecord#created created} record.
     * It becomes the default node if there is none.
     *
     * @throws NodeStoreException INVALID_NAME, ALREADY_EXISTS, IO
     */
    public NodeRecord create(String name) {
        NodeNames.check(name);
        return locked("create node '" + name + "'", () -> {
            Path nodes = home.resolve(NODES);
            PrivateFiles.createDirectories(nodes);
            removeLeftovers(nodes);
            Path dir = nodes.resolve(name);
            if (Files.exists(dir)) {
                throw new NodeStoreException(NodeStoreException.Reason.ALREADY_EXISTS,
                        "node '" + name + "' already exists — see: ockam node show " + name);
            }
            NodeRecord record = NodeRecord.created(name, Instant.now());
            Path temp = nodes.resolve(CREATING + name + "-" + randomHex(4));
            try {
                PrivateFiles.createDirectory(temp);
                PrivateFiles.writeAtomically(temp.resolve(SECRET), newSecret());
                PrivateFiles.writeAtomically(temp.resolve(NODE_JSON), NodeJson.write(record));
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                PrivateFiles.deleteRecursively(temp);
            }
            PrivateFiles.fsyncDirectory(nodes);
            if (readDefault().isEmpty()) {
                writeDefault(name);
            }
            return record;
        });
    }

    /**
     * Replaces the record of an existing node.
     *
     * @throws NodeStoreException NOT_FOUND, IO; CORRUPT for a {@link NodeRecord#isBroken broken} record
     */
    public NodeRecord update(NodeRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.isBroken()) {
            throw new NodeStoreException(NodeStoreException.Reason.CORRUPT,
                    "cannot save the broken record of node '" + record.name() + "'");
        }
        return locked("update node '" + record.name() + "'", () -> {
            Path dir = existingDir(record.name());
            PrivateFiles.writeAtomically(dir.resolve(NODE_JSON), NodeJson.write(record));
            return record;
        });
    }

    /**
     * Reads, changes and writes a node's record under the lock, so concurrent CLI processes do not lose each
     * other's changes (e.g. one writes the pid while another writes the listener).
     *
     * @throws NodeStoreException NOT_FOUND, IO; CORRUPT if the record is broken
     */
    public NodeRecord update(String name, UnaryOperator<NodeRecord> change) {
        NodeNames.check(name);
        return locked("update node '" + name + "'", () -> {
            Path dir = existingDir(name);
            NodeRecord current = read(dir, name).orElseThrow(() -> new NodeStoreException(
                    NodeStoreException.Reason.NOT_FOUND, "node '" + name + "' does not exist — see: ockam node list"));
            if (current.isBroken()) {
                throw new NodeStoreException(NodeStoreException.Reason.CORRUPT,
                        "node '" + name + "' is broken: " + current.problem());
            }
            NodeRecord next = Objects.requireNonNull(change.apply(current), "changed record");
            if (!next.name().equals(name)) {
                throw new IllegalArgumentException("a change cannot rename node '" + name + "'");
            }
            return update(next);
        });
    }

    /**
     * Deletes node {@code name} and everything in its directory (log and secret included). The caller
     * stops its process first. If it was the default node, the default moves on (see the class comment).
     *
     * @throws NodeStoreException INVALID_NAME, NOT_FOUND, IO
     */
    public void delete(String name) {
        NodeNames.check(name);
        locked("delete node '" + name + "'", () -> {
            Path dir = existingDir(name);
            Path nodes = dir.getParent();
            removeLeftovers(nodes);
            Path doomed = nodes.resolve(DELETING + name + "-" + randomHex(4));
            try {
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                doomed = dir; // e.g. Windows with stdout.log still open: delete in place
            }
            PrivateFiles.deleteRecursively(doomed);
            PrivateFiles.fsyncDirectory(nodes);
            if (readDefaultName().filter(name::equals).isPresent()) {
                Optional<NodeRecord> next = list().stream().filter(r -> !r.isBroken())
                        .min(Comparator.comparing(NodeRecord::createdAt).thenComparing(NodeRecord::name));
                if (next.isPresent()) {
                    writeDefault(next.get().name());
                } else {
                    Files.deleteIfExists(home.resolve(DEFAULT_NODE));
                }
            }
            return null;
        });
    }

    /**
     * Makes {@code name} the default node.
     *
     * @throws NodeStoreException INVALID_NAME, NOT_FOUND, IO
     */
    public void setDefault(String name) {
        NodeNames.check(name);
        locked("set the default node to '" + name + "'", () -> {
            existingDir(name);
            writeDefault(name);
            return null;
        });
    }

    // --- reads (no lock: every file is replaced atomically) -------------------------------------------

    /** The node's record (broken if its file is unreadable), or empty if there is no such node. */
    public Optional<NodeRecord> get(String name) {
        Path dir = nodeDir(name);
        return Files.isDirectory(dir) ? read(dir, name) : Optional.empty();
    }

    /** All nodes, sorted by name; unreadable ones as broken records. */
    public List<NodeRecord> list() {
        Path nodes = home.resolve(NODES);
        if (!Files.isDirectory(nodes)) {
            return List.of();
        }
        List<NodeRecord> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(nodes)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (NodeNames.isValid(name) && Files.isDirectory(entry)) {
                    read(entry, name).ifPresent(out::add);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw io("list nodes in " + nodes, e);
        }
        out.sort(Comparator.comparing(NodeRecord::name));
        return out;
    }

    /** The default node's name, if it is set and the node exists. */
    public Optional<String> getDefault() {
        return readDefault();
    }

    /**
     * The node's secret: 64 lowercase hex characters (32 random bytes). Made by {@link #create}; made here
     * under the lock if it is missing (a node directory from an older version).
     *
     * @throws NodeStoreException NOT_FOUND, CORRUPT (the file is not 64 hex characters), IO
     */
    public String secret(String name) {
        Path file = nodeDir(name).resolve(SECRET);
        Optional<String> existing = readSecret(file);
        if (existing.isPresent()) {
            return existing.get();
        }
        return locked("create the secret of node '" + name + "'", () -> {
            existingDir(name);
            Optional<String> raced = readSecret(file);
            if (raced.isPresent()) {
                return raced.get();
            }
            byte[] secret = newSecret();
            PrivateFiles.writeAtomically(file, secret);
            return new String(secret, StandardCharsets.US_ASCII);
        });
    }

    /**
     * The secrets of node {@code name}'s identity (owner-only file {@code identity}), made by {@code create} under
     * the lock the first time.
     *
     * @throws NodeStoreException NOT_FOUND, IO
     */
    public String identitySecrets(String name, java.util.function.Supplier<String> create) {
        Path file = nodeDir(name).resolve(IDENTITY);
        return locked("read or create the identity of node '" + name + "'", () -> {
            existingDir(name);
            Optional<String> existing = readIfPresent(file, "read the identity of node '" + name + "'");
            if (existing.isPresent()) {
                return existing.get();
            }
            String made = create.get();
            PrivateFiles.writeAtomically(file, made.getBytes(StandardCharsets.US_ASCII));
            return made;
        });
    }

    /** Where named identities live ({@code ockam identity create NAME}): one owner-only file each. */
    static final String IDENTITIES = "identities";

    /**
     * Stores a named identity's secrets.
     *
     * @throws NodeStoreException ALREADY_EXISTS, IO; an invalid name as NodeNames does
     */
    public void createIdentity(String name, String secrets) {
        NodeNames.check(name);
        locked("create identity '" + name + "'", () -> {
            Path dir = home.resolve(IDENTITIES);
            PrivateFiles.createDirectories(dir);
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                throw new NodeStoreException(NodeStoreException.Reason.ALREADY_EXISTS,
                        "identity '" + name + "' already exists — see: ockam identity list");
            }
            PrivateFiles.writeAtomically(file, secrets.getBytes(StandardCharsets.US_ASCII));
            return null;
        });
    }

    /** A named identity's secrets, or empty. */
    public Optional<String> readIdentity(String name) {
        NodeNames.check(name);
        return readIfPresent(home.resolve(IDENTITIES).resolve(name), "read identity '" + name + "'");
    }

    /** The names of the stored identities, sorted. */
    public List<String> listIdentities() {
        Path dir = home.resolve(IDENTITIES);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw io("list identities", e);
        }
    }

    /**
     * Gives node {@code name} these identity secrets before its first start.
     *
     * @throws NodeStoreException NOT_FOUND, ALREADY_EXISTS (the node has an identity already), IO
     */
    public void setNodeIdentity(String name, String secrets) {
        locked("set the identity of node '" + name + "'", () -> {
            Path file = existingDir(name).resolve(IDENTITY);
            if (Files.exists(file)) {
                throw new NodeStoreException(NodeStoreException.Reason.ALREADY_EXISTS,
                        "node '" + name + "' has an identity already");
            }
            PrivateFiles.writeAtomically(file, secrets.getBytes(StandardCharsets.US_ASCII));
            return null;
        });
    }

    /**
     * The secrets of node {@code name}'s identity if it has been started once, else empty.
     *
     * @throws NodeStoreException NOT_FOUND, IO
     */
    public Optional<String> readIdentitySecrets(String name) {
        return readIfPresent(existingDir(name).resolve(IDENTITY), "read the identity of node '" + name + "'");
    }

    /** An identity file's text (at most 64 KiB), or empty if there is none. */
    private static Optional<String> readIfPresent(Path file, String what) {
        try {
            return Files.exists(file) ? Optional.of(new String(PrivateFiles.readAtMost(file, 64 * 1024),
                    StandardCharsets.US_ASCII)) : Optional.empty();
        } catch (IOException e) {
            throw io(what, e);
        }
    }

    /** The status of a record by the rules on {@link NodeStatus}. */
    public NodeStatus status(NodeRecord record) {
        return ProcessProbe.status(record);
    }

    /** The live process of the node, when {@link #status} would say {@link NodeStatus#UP}. */
    public Optional<ProcessHandle> process(NodeRecord record) {
        return ProcessProbe.process(record);
    }

    /**
     * A resolver for {@link MultiAddr#toRoute(Function)}: {@code /node/N} → N's TCP listener. Gives null
     * (reported by MultiAddr as "there is no node named N") for an unknown node, and throws
     * {@link NodeStoreException} for a broken node or one without a listener. Whether the node is
     * {@link NodeStatus#UP} is left to the caller.
     */
    public Function<String, MultiAddr> nodeResolver() {
        return name -> {
            if (!NodeNames.isValid(name)) {
                return null;
            }
            Optional<NodeRecord> record = get(name);
            if (record.isEmpty()) {
                return null;
            }
            if (record.get().isBroken()) {
                throw new NodeStoreException(NodeStoreException.Reason.CORRUPT,
                        "node '" + name + "' is broken: " + record.get().problem());
            }
            return record.get().tcpListenerMultiAddr().orElseThrow(() -> new NodeStoreException(
                    NodeStoreException.Reason.NOT_FOUND, "node '" + name + "' has no TCP listener — is it running?"
                            + " see: ockam node show " + name));
        };
    }

    // --- internals ------------------------------------------------------------------------------------

    /** The record in {@code dir}; empty if the directory vanished meanwhile (a concurrent delete). */
    private static Optional<NodeRecord> read(Path dir, String name) {
        Path file = dir.resolve(NODE_JSON);
        byte[] bytes;
        try {
            bytes = PrivateFiles.readAtMost(file, NodeJson.MAX_BYTES);
        } catch (NoSuchFileException e) {
            return Files.isDirectory(dir) ? broken(dir, name, file + " is missing") : Optional.empty();
        } catch (IOException e) {
            return broken(dir, name, file + " cannot be read (" + Printable.escape(String.valueOf(e.getMessage()), 200)
                    + ")");
        }
        if (bytes == null) {
            return broken(dir, name, file + " is larger than " + NodeJson.MAX_BYTES + " bytes");
        }
        try {
            return Optional.of(NodeJson.read(bytes, name));
        } catch (NodeJson.Malformed e) {
            return broken(dir, name, file + " is corrupt: " + e.getMessage());
        }
    }

    private static Optional<NodeRecord> broken(Path dir, String name, String problem) {
        Instant created;
        try {
            created = Files.getLastModifiedTime(dir).toInstant();
        } catch (IOException e) {
            created = Instant.EPOCH;
        }
        return Optional.of(NodeRecord.broken(name, created, problem));
    }

    private Path existingDir(String name) {
        Path dir = nodeDir(name);
        if (!Files.isDirectory(dir)) {
            throw new NodeStoreException(NodeStoreException.Reason.NOT_FOUND,
                    "node '" + name + "' does not exist — see: ockam node list");
        }
        return dir;
    }

    private Optional<String> readDefaultName() {
        try {
            byte[] bytes = PrivateFiles.readAtMost(home.resolve(DEFAULT_NODE), 1024);
            if (bytes == null) {
                return Optional.empty();
            }
            String name = new String(bytes, StandardCharsets.UTF_8).strip();
            return NodeNames.isValid(name) ? Optional.of(name) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // absent or unreadable: no default, the next create sets one
        }
    }

    private Optional<String> readDefault() {
        return readDefaultName().filter(n -> Files.isDirectory(nodeDir(n)));
    }

    private void writeDefault(String name) throws IOException {
        PrivateFiles.writeAtomically(home.resolve(DEFAULT_NODE), (name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> readSecret(Path file) {
        byte[] bytes;
        try {
            bytes = PrivateFiles.readAtMost(file, 1024);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw io("read " + file, e);
        }
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.US_ASCII).strip();
        if (text.length() != 64 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new NodeStoreException(NodeStoreException.Reason.CORRUPT,
                    file + " is corrupt (expected 64 lowercase hex characters)");
        }
        return Optional.of(text);
    }

    private static byte[] newSecret() {
        return randomHex(32).getBytes(StandardCharsets.US_ASCII);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HEX.formatHex(b);
    }

    /** Removes what an interrupted create or delete left; safe only under the lock, when none is running. */
    private static void removeLeftovers(Path nodes) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(nodes,
                p -> p.getFileName().toString().startsWith(CREATING)
                        || p.getFileName().toString().startsWith(DELETING))) {
            for (Path p : entries) {
                PrivateFiles.deleteRecursively(p);
            }
        }
    }

    private <T> T locked(String what, HomeLock.Action<T> action) {
        try {
            PrivateFiles.createDirectories(home);
            return HomeLock.with(home, action);
        } catch (IOException e) {
            throw io(what, e);
        }
    }

    private static NodeStoreException io(String what, IOException e) {
        return new NodeStoreException(NodeStoreException.Reason.IO, "cannot " + what + ": "
                + Printable.escape(String.valueOf(e), 300), e);
    }
}
