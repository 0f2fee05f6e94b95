package dev.ockamj.transport.tcp;

import dev.ockamj.node.FlowControlId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener: accepts connections and gives each its own flow, a child of the listener's, so that
 * messages from any of them reach exactly the workers allowed for the listener.
 */
public final class TcpListener implements IoLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final TcpTransport transport;
    private final ServerSocketChannel server;
    private final InetSocketAddress bound;
    private final TcpProtocol protocol;
    private final long maxQueuedBytes;
    private final FlowControlId flowControlId = FlowControlId.random();
    private final AtomicBoolean closed = new AtomicBoolean();

    TcpListener(TcpTransport transport, ServerSocketChannel server, TcpProtocol protocol, long maxQueuedBytes)
            throws IOException {
        this.transport = transport;
        this.server = server;
        this.bound = (InetSocketAddress) server.getLocalAddress();
        this.protocol = protocol;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /** The address the listener is bound to, with the real port when 0 was asked for. */
    public InetSocketAddress socketAddress() {
        return bound;
    }

    /** {@code host:port} of {@link #socketAddress()}, e.g. {@code 127.0.0.1:4000}. */
    public String address() {
        return new HostPort(bound.getAddress().getHostAddress(), bound.getPort()).toString();
    }

    public TcpProtocol protocol() {
        return protocol;
    }

    /** The outgoing buffer limit of each accepted connection ({@link TcpListenerOptions#maxQueuedBytes}). */
    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /**
     * The listener's flow: add a worker as a consumer of it ({@code node.flowControls().addConsumer(...)}) to
     * make the worker reachable through this listener.
     */
    public FlowControlId flowControlId() {
        return flowControlId;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    void start() throws IOException {
        transport.loop().register(server, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel = server.accept();
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.socket().setTcpNoDelay(true);
                InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                String peer = new HostPort(remote.getAddress().getHostAddress(), remote.getPort()).toString();
                transport.accepted(this, channel, peer);
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not set up an accepted connection on {}: {}", address(), e.toString());
                channel.close();
            }
        }
    }

    @Override
    public void failed(Exception e) {
        LOG.warn("TCP listener {} failed to accept: {}", address(), e.toString());
    }

    /** Stops accepting; connections already accepted stay open. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
                transport.loop().wakeup(); // the selector releases the port on its next round
            } catch (IOException e) {
                LOG.debug("closing listener {}", address(), e);
            }
            LOG.info("TCP listener {} stopped", address());
        }
    }

    @Override
    public String toString() {
        return "TcpListener[" + address() + " " + protocol + "]";
    }
}
