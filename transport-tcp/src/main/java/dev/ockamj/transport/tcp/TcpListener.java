package dev.ockamj.transport.tcp;

import dev.ockamj.node.internal.HostPort;

import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.internal.LogLimit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP listener: accepts connections and gives each its own flow, a child of the listener's, so that
 * messages from any of them reach exactly the workers allowed for the listener.
 */
public final class TcpListener {
    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    /** How long accepting pauses after accept() failed (see {@link #pauseAccepting}). */
    static final long ACCEPT_PAUSE_MS = 100;

    private final TcpTransport transport;
    private final ServerSocketChannel server;
    private final InetSocketAddress bound;
    private final TcpProtocol protocol;
    private final long maxQueuedBytes;
    private final FlowControlId flowControlId = FlowControlId.random();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LogLimit acceptLog = new LogLimit();

    TcpListener(TcpTransport transport, ServerSocketChannel server, TcpProtocol protocol, long maxQueuedBytes)
            throws IOException {
        this.transport = transport;
        this.server = server;
        this.bound = (InetSocketAddress) server.getLocalAddress();
        this.protocol = protocol;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * The address the listener is bound to, with the real port when 0 was asked for.
     *
     * @return the bound socket address
     */
    public InetSocketAddress socketAddress() {
        return bound;
    }

    /**
     * {@code host:port} of {@link #socketAddress()}, e.g. {@code 127.0.0.1:4000}: what a peer passes to
     * {@link TcpTransport#connect(String)}. (A listener has no route address; a {@link TcpConnection}'s
     * {@link TcpConnection#address()} is one, and its {@link TcpConnection#peer()} the other end's {@code host:port}.)
     *
     * @return the bound IP address and port as text
     */
    public String hostPort() {
        return new HostPort(bound.getAddress().getHostAddress(), bound.getPort()).toString();
    }

    /**
     * The wire protocol the listener's connections speak.
     *
     * @return the protocol from the listener's options
     */
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
     *
     * @return the listener's flow, the parent of each accepted connection's flow
     */
    public FlowControlId flowControlId() {
        return flowControlId;
    }

    /**
     * Whether the listener still accepts: false once it was stopped or its transport closed.
     *
     * @return true until the listener is closed
     */
    public boolean isOpen() {
        return !closed.get();
    }

    void start() throws IOException {
        // the I/O loop's callbacks stay off this public class
        transport.loop().register(server, SelectionKey.OP_ACCEPT, new IoLoop.Handler() {
            @Override
            public void ready(SelectionKey key) {
                acceptReady(key);
            }

            @Override
            public void failed(Exception e) {
                acceptFailed(e);
            }
        });
    }

    /** On the I/O thread: accepts what waits (at most 64 connections a round). */
    private void acceptReady(SelectionKey key) {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                pauseAccepting(key, e);
                return;
            }
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
                LOG.warn("could not set up an accepted connection on {}: {}", hostPort(), e.toString());
                try {
                    channel.close();
                } catch (IOException closing) {
                    LOG.debug("closing a connection that could not be set up on {}", hostPort(), closing);
                }
            }
        }
    }

    /**
     * accept() failed, typically because the process is out of file descriptors. The connection stays in the
     * backlog, so the selector would report the listener ready again at once: the I/O thread would spin and log
     * in a loop. Accepting pauses for {@link #ACCEPT_PAUSE_MS} instead; connections already open are served.
     */
    private void pauseAccepting(SelectionKey key, IOException e) {
        long held = acceptLog.admit();
        if (held >= 0) {
            LOG.warn("TCP listener {} cannot accept a connection: {}; accepting again in {} ms{}", hostPort(), e,
                    ACCEPT_PAUSE_MS, LogLimit.suffix(held));
        }
        key.interestOps(0);
        CompletableFuture.delayedExecutor(ACCEPT_PAUSE_MS, TimeUnit.MILLISECONDS).execute(() -> transport.loop().execute(() -> {
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }));
    }

    private void acceptFailed(Exception e) {
        LOG.warn("TCP listener {} failed to accept: {}", hostPort(), e.toString());
    }

    /** Stops accepting; connections already accepted stay open. */
    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                server.close();
                transport.loop().wakeup(); // the selector releases the port on its next round
            } catch (IOException e) {
                LOG.debug("closing listener {}", hostPort(), e);
            }
            LOG.info("TCP listener {} stopped", hostPort());
        }
    }

    @Override
    public String toString() {
        return "TcpListener[" + hostPort() + " " + protocol + "]";
    }
}
