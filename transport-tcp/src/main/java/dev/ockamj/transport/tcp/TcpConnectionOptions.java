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

    /**
     * New options: protocol {@link TcpProtocol#V1}, a connect timeout of 10 s, 32 MiB of outgoing buffer, no
     * worker reachable besides those that send over the connection.
     *
     * @return new options, to change with the methods below (not thread-safe)
     */
    public static TcpConnectionOptions defaults() {
        return new TcpConnectionOptions();
    }

    /**
     * The wire protocol to speak (default {@link TcpProtocol#V1}); it must be the peer's.
     *
     * @param protocol the protocol, not null
     * @return these options
     */
    public TcpConnectionOptions protocol(TcpProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        return this;
    }

    /**
     * How long connecting (name lookup included) may take before it fails with TRANSPORT (default 10 s).
     *
     * @param timeout the connect timeout, not null
     * @return these options
     */
    public TcpConnectionOptions connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How many bytes may wait to be written when the peer reads slower than we send (default 32 MiB).
     * A message that does not fit is refused with a TRANSPORT error; memory stays bounded.
     *
     * @param bytes the limit, at least 1
     * @return these options
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public TcpConnectionOptions maxQueuedBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive");
        }
        this.maxQueuedBytes = bytes;
        return this;
    }

    /**
     * Lets messages from the peer reach these workers too (besides replies to workers that sent).
     *
     * @param addresses the workers' addresses, each parsed with {@link Address#parse}
     * @return these options
     * @throws dev.ockamj.node.OckamException INVALID_ADDRESS if one does not parse
     */
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
