package dev.ockamj.command.state;

import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.command.multiaddr.TcpHop;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code nodes/<name>/node.json} says about a node. Immutable; change it with the {@code with...}
 * methods and {@link NodeStore#update}.
 *
 * @param name               the node name ({@link NodeNames} rule)
 * @param pid                the node process id, or -1 when no process should be running
 * @param tcpListenerAddress the node's TCP listener as {@code host:port} (e.g. {@code 127.0.0.1:4000},
 *                           {@code [::1]:4000}), or null when it has none (yet); anything else is
 *                           rejected with a {@link dev.ockamj.command.multiaddr.MultiAddrException}
 * @param createdAt          when {@code create} ran
 * @param verbose            whether the node process logs verbosely
 * @param startedAt          when the current (or last) process was started, or null if never
 * @param properties         further settings the CLI wants to keep (sorted, unmodifiable, never null)
 * @param problem            null for a readable record; for a {@link NodeStatus#BROKEN} one, why its
 *                           {@code node.json} could not be read (the other fields are then defaults)
 */
public record NodeRecord(String name, long pid, String tcpListenerAddress, Instant createdAt, boolean verbose,
                         Instant startedAt, Map<String, String> properties, String problem) {

    public static final long NO_PID = -1;

    public NodeRecord {
        NodeNames.check(name);
        Objects.requireNonNull(createdAt, "createdAt");
        if (pid < NO_PID) {
            throw new IllegalArgumentException("pid " + pid + " is neither -1 nor a process id");
        }
        if (tcpListenerAddress != null) {
            TcpHop.parse(tcpListenerAddress); // a record never holds a listener /node/<name> cannot resolve
        }
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
        properties.values().forEach(v -> Objects.requireNonNull(v, "property value"));
    }

    /** A node that has just been created: no process, no listener. */
    public static NodeRecord created(String name, Instant createdAt) {
        return new NodeRecord(name, NO_PID, null, createdAt, false, null, Map.of(), null);
    }

    /** The stand-in for a node whose {@code node.json} is unreadable. */
    public static NodeRecord broken(String name, Instant createdAt, String problem) {
        return new NodeRecord(name, NO_PID, null, createdAt, false, null, Map.of(),
                Objects.requireNonNull(problem, "problem"));
    }

    public boolean isBroken() {
        return problem != null;
    }

    public boolean hasPid() {
        return pid >= 0;
    }

    /** The TCP listener as a hop, if the record has one. */
    public Optional<TcpHop> tcpListener() {
        return tcpListenerAddress == null ? Optional.empty() : Optional.of(TcpHop.parse(tcpListenerAddress));
    }

    /** The TCP listener as a multiaddr ({@code /ip4/127.0.0.1/tcp/4000}), as {@code /node/<name>} resolves. */
    public Optional<MultiAddr> tcpListenerMultiAddr() {
        return tcpListener().map(TcpHop::toMultiAddr);
    }

    public NodeRecord withPid(long newPid) {
        return new NodeRecord(name, newPid, tcpListenerAddress, createdAt, verbose, startedAt, properties, problem);
    }

    /** No process should be running any more (after a clean stop): pid -1, listener kept. */
    public NodeRecord stopped() {
        return withPid(NO_PID);
    }

    public NodeRecord withTcpListenerAddress(String hostPort) {
        return new NodeRecord(name, pid, hostPort, createdAt, verbose, startedAt, properties, problem);
    }

    public NodeRecord withVerbose(boolean newVerbose) {
        return new NodeRecord(name, pid, tcpListenerAddress, createdAt, newVerbose, startedAt, properties, problem);
    }

    public NodeRecord withStartedAt(Instant when) {
        return new NodeRecord(name, pid, tcpListenerAddress, createdAt, verbose, when, properties, problem);
    }

    /** With {@code key} set to {@code value}, or removed when {@code value} is null. */
    public NodeRecord withProperty(String key, String value) {
        Map<String, String> p = new TreeMap<>(properties);
        if (value == null) {
            p.remove(Objects.requireNonNull(key, "key"));
        } else {
            p.put(Objects.requireNonNull(key, "key"), value);
        }
        return new NodeRecord(name, pid, tcpListenerAddress, createdAt, verbose, startedAt, p, problem);
    }
}
