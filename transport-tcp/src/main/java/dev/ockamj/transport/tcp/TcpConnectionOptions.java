package dev.ockamj.transport.tcp;

import dev.ockamj.node.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of an outgoing TCP connection. Replies reach the workers that sent over the connection; other
 * workers are reachable from the peer only if named with {@link #allow}.
 */
public final class TcpConnectionOptions {
    private TcpProtocol protocol = TcpProtocol.V1;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private long maxQueuedBytes = 32L << 20;
    private final List<Address> allowed = new ArrayList<>();

    public static TcpConnectionOptions defaults() {
        return new TcpConnectionOptions();
    }

    public TcpConnectionOptions protocol(TcpProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        return this;
    }

    public TcpConnectionOptions connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How many bytes may wait to be written when the peer reads slower than we send (default 32 MiB).
     * A message that does not fit is refused with a TRANSPORT error; memory stays bounded.
     */
    public TcpConnectionOptions maxQueuedBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive");
        }
        this.maxQueuedBytes = bytes;
        return this;
    }

    /** Lets messages from the peer reach these workers too (besides replies to workers that sent). */
    public TcpConnectionOptions allow(String... addresses) {
        for (String a : addresses) {
            allowed.add(Address.parse(a));
        }
        return this;
    }

    TcpProtocol protocol() {
        return protocol;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    List<Address> allowed() {
        return allowed;
    }
}
