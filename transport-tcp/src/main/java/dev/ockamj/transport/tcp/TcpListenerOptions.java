package dev.ockamj.transport.tcp;

import dev.ockamj.node.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a TCP listener. By default nothing on the node is reachable through it: name the workers that
 * messages from its connections may reach with {@link #allow} (or later with the listener's flow control id).
 */
public final class TcpListenerOptions {
    private TcpProtocol protocol = TcpProtocol.V1;
    private long maxQueuedBytes = 32L << 20;
    private final List<Address> allowed = new ArrayList<>();

    /**
     * New options: protocol {@link TcpProtocol#V1}, 32 MiB per connection, no worker reachable.
     *
     * @return new options, to change with the methods below (not thread-safe)
     */
    public static TcpListenerOptions defaults() {
        return new TcpListenerOptions();
    }

    /**
     * Lets messages arriving through this listener reach these workers (Ockam: consumers of its flow).
     *
     * @param addresses the workers' addresses, each parsed with {@link Address#parse}
     * @return these options
     * @throws dev.ockamj.node.OckamException INVALID_ADDRESS if one does not parse
     */
    public TcpListenerOptions allow(String... addresses) {
        for (String a : addresses) {
            allowed.add(Address.parse(a));
        }
        return this;
    }

    /**
     * Lets messages arriving through this listener reach these workers (Ockam: consumers of its flow).
     *
     * @param addresses the workers' addresses
     * @return these options
     */
    public TcpListenerOptions allow(Address... addresses) {
        allowed.addAll(List.of(addresses));
        return this;
    }

    /**
     * The wire protocol of the accepted connections (default {@link TcpProtocol#V1}); never auto-detected.
     *
     * @param protocol the protocol, not null
     * @return these options
     */
    public TcpListenerOptions protocol(TcpProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        return this;
    }

    /**
     * How many bytes may wait to be written on each accepted connection whose peer reads slower than the node
     * replies (default 32 MiB). A message that does not fit is dropped and counted
     * ({@link TcpConnection#messagesDropped()}); memory stays bounded.
     *
     * @param bytes the limit per connection, at least 1
     * @return these options
     * @throws IllegalArgumentException if {@code bytes} is less than 1
     */
    public TcpListenerOptions maxQueuedBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive");
        }
        this.maxQueuedBytes = bytes;
        return this;
    }

    TcpProtocol protocol() {
        return protocol;
    }

    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    List<Address> allowed() {
        return allowed;
    }
}
