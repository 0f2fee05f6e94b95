package dev.ockamj.transport.tcp;

import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.node.spi.Recipient;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection, both halves (docs/wire.md §1, §6). It owns a random LOCAL address that can be the first hop
 * of a route: a message sent to it is stepped off that hop, encoded and written to the peer (Ockam's sender
 * worker: {@code ConnectionSender}). Frames read from the peer get that address pushed onto their return route and
 * are routed on the node, marked with this connection's flow so that they reach only the workers allowed for it
 * (Ockam's receiver processor: {@code ConnectionReceiver}).
 *
 * <p>This class is the handle users see and the connection's lifecycle: it opens the socket, tells the two halves
 * when it is ready, and closes once — the address is unregistered and the requests waiting for replies through
 * the connection fail.
 *
 * <p>Threads: the getters, sending through its address and closing are safe from any thread; {@code open},
 * {@code ready} and {@code failed} run on the transport's I/O thread.
 */
public final class TcpConnection {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

    /**
     * How much of what the peer sent may wait on the node (in workers' mailboxes) before the I/O thread stops
     * reading from it: what the messages hold on the heap (see {@link #cost}). Reading resumes at half.
     */
    static final long MAX_IN_FLIGHT = 4L << 20;
    /** About what a routed message costs on the heap besides its payload (routes, addresses, envelopes). */
    static final int MESSAGE_OVERHEAD = 256;
    /** About what one hop of a route costs on the heap besides its value (an Address, its array, a list slot). */
    static final int HOP_OVERHEAD = 48;

    /** Who opened the connection. */
    public enum Mode {
        /** This node connected to the peer ({@link TcpTransport#connect}, or a route through {@code 1#host:port}). */
        OUTGOING,
        /** The peer connected to one of this node's listeners. */
        INCOMING
    }

    private final TcpTransport transport;
    private final Node node;
    /** Looked up once: the halves use it per message. */
    private final NodeSpi spi;
    private final IoLoop loop;
    private final Address address = Address.random();
    private final String peer;
    private final Mode mode;
    private final TcpProtocol protocol;
    private final FlowControlId flowControlId;
    private final SocketChannel channel;
    private final ConnectionSender sender;
    private final ConnectionReceiver receiver;
    private volatile SelectionKey key;

    private volatile boolean connected;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Why the connection closed, for requests that arrive after. */
    private volatile String closeReason;
    final CompletableFuture<TcpConnection> whenConnected = new CompletableFuture<>();

    TcpConnection(TcpTransport transport, SocketChannel channel, String peer, Mode mode, TcpProtocol protocol,
                  FlowControlId flowControlId, long maxQueuedBytes) {
        this.transport = transport;
        this.node = transport.node();
        this.spi = NodeSpi.of(node);
        this.loop = transport.loop();
        this.channel = channel;
        this.peer = peer;
        this.mode = mode;
        this.protocol = protocol;
        this.flowControlId = flowControlId;
        this.closeReason = "the connection " + address + " to " + peer + " is closed";
        // last: the halves read the fields above
        this.sender = new ConnectionSender(this, transport, spi, channel, maxQueuedBytes);
        this.receiver = new ConnectionReceiver(this, transport, spi, channel);
    }

    // ---- what users see ----

    /**
     * The connection's LOCAL address: use it as the first hop of a route to reach the peer's workers.
     *
     * @return a random LOCAL address, registered on the node while the connection is open
     */
    public Address address() {
        return address;
    }

    /**
     * The peer as {@code host:port}.
     *
     * @return for an outgoing connection, the {@code host:port} it was opened to; for an incoming one, the
     *     peer's IP address and port
     */
    public String peer() {
        return peer;
    }

    /**
     * Who opened the connection.
     *
     * @return {@link Mode#OUTGOING} or {@link Mode#INCOMING}
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The wire protocol the connection speaks, from its options (or its listener's).
     *
     * @return the protocol
     */
    public TcpProtocol protocol() {
        return protocol;
    }

    /**
     * The flow of messages arriving through this connection (see {@link dev.ockamj.node.FlowControls}).
     *
     * @return the connection's flow; for an incoming connection, a child of its listener's flow
     */
    public FlowControlId flowControlId() {
        return flowControlId;
    }

    /**
     * Whether the connection is open: false once it closed, for any reason.
     *
     * @return true until the connection closes
     */
    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Bytes read from the peer so far.
     *
     * @return the count of bytes received
     */
    public long bytesIn() {
        return receiver.bytesIn();
    }

    /**
     * Bytes written to the peer so far.
     *
     * @return the count of bytes sent
     */
    public long bytesOut() {
        return sender.bytesOut();
    }

    /**
     * Messages received from the peer so far.
     *
     * @return the count of frames from the peer decoded and routed on the node
     */
    public long messagesIn() {
        return receiver.messagesIn();
    }

    /**
     * Messages sent to the peer so far: encoded and taken into the outgoing buffer (not those dropped).
     *
     * @return the count of messages queued for the peer
     */
    public long messagesOut() {
        return sender.messagesOut();
    }

    /**
     * Bytes waiting to be written because the peer has not read them yet.
     *
     * @return the bytes in the outgoing queue now
     */
    public long queuedBytes() {
        return sender.queuedBytes();
    }

    /**
     * The limit of {@link #queuedBytes()}; a message that does not fit is dropped.
     *
     * @return the limit from the connection's (or its listener's) options
     */
    public long maxQueuedBytes() {
        return sender.maxQueuedBytes();
    }

    /**
     * Messages to the peer dropped (and their requests failed) because it did not read and the buffer was full.
     *
     * @return the count of dropped messages so far
     */
    public long messagesDropped() {
        return sender.messagesDropped();
    }

    /**
     * True while the peer does not keep up: a message was dropped because the buffer was full, and the buffer has
     * not drained to half its limit since. Logged once when it starts (WARN) and once when it ends (INFO).
     *
     * @return true while the connection is stalled
     */
    public boolean isStalled() {
        return sender.isStalled();
    }

    @Override
    public String toString() {
        return "TcpConnection[" + address + " " + mode.name().toLowerCase() + " " + peer + " " + protocol + "]";
    }

    /**
     * What the node's address table holds for the connection's address (any thread): a message routed to it
     * goes to the peer. Kept off the public class, as are the I/O loop's callbacks.
     */
    final Recipient recipient = this::send;

    /** Any thread: sends {@code msg} (its onward route starting with this connection's address) to the peer. */
    void send(Routed<?> msg) {
        sender.send(msg);
    }

    /** The I/O loop's callbacks for this connection's key (the I/O thread). */
    private final IoLoop.Handler ioHandler = new IoLoop.Handler() {
        @Override
        public void ready(SelectionKey k) throws IOException {
            TcpConnection.this.ready(k);
        }

        @Override
        public void failed(Exception e) {
            TcpConnection.this.failed(e);
        }
    };

    /** What the peer sent that still waits on the node (see {@link #MAX_IN_FLIGHT}). */
    /** Times reading from the peer paused because its messages waited on the node (for the metrics). */
    long readPauses() {
        return receiver.readPauses();
    }

    long inFlight() {
        return receiver.inFlight();
    }

    /** True while the I/O thread does not read from the peer because its messages wait on the node. */
    boolean isReadPaused() {
        return receiver.isReadPaused();
    }

    /**
     * What a routed message costs on the heap: its payload, {@link #MESSAGE_OVERHEAD}, and each hop's value plus
     * {@link #HOP_OVERHEAD}, so that a frame of a million tiny hops (a few MB on the wire, far more as objects)
     * counts for what it holds.
     */
    static long cost(TransportMessage tm) {
        return (long) tm.payload().length + MESSAGE_OVERHEAD + cost(tm.onwardRoute()) + cost(tm.returnRoute());
    }

    private static long cost(Route route) {
        long cost = 0;
        for (int i = 0; i < route.size(); i++) {
            cost += HOP_OVERHEAD + route.get(i).valueLength();
        }
        return cost;
    }

    // ---- for the two halves ----

    /** True once the socket is connected (writes before that wait in the queue). */
    boolean isConnected() {
        return connected;
    }

    /** The selector key; set by {@link #open} before {@link #isConnected} turns true. */
    SelectionKey key() {
        return key;
    }

    String closeReason() {
        return closeReason;
    }

    // ---- the I/O thread ----

    /** Registers with the selector; for an outgoing connection, starts connecting. Runs on the I/O thread. */
    void open(SocketAddress remote) {
        try {
            if (remote != null) {
                key = loop.register(channel, SelectionKey.OP_CONNECT, ioHandler);
                if (channel.connect(remote)) {
                    onConnected();
                }
            } else {
                key = loop.register(channel, SelectionKey.OP_READ, ioHandler);
                onConnected();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void onConnected() {
        connected = true;
        key.interestOps(SelectionKey.OP_READ);
        whenConnected.complete(this);
        sender.flush();
    }

    private void ready(SelectionKey k) throws IOException {
        if (k.isConnectable()) {
            if (channel.finishConnect()) {
                onConnected();
            }
            return;
        }
        if (k.isWritable()) {
            k.interestOpsAnd(~SelectionKey.OP_WRITE);
            sender.flush();
        }
        if (k.isReadable()) {
            receiver.read();
        }
    }

    private void failed(Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        close(connected ? TcpMetrics.Close.IO_ERROR : TcpMetrics.Close.CONNECT_FAILED,
                connected ? "I/O error: " + why : "cannot connect to " + peer + ": " + why);
    }

    // ---- closing: any thread ----

    /** Closes the connection: its address is removed, and requests waiting for replies through it fail now. */
    /**
     * Writes what the socket takes now of what is queued (last words, such as a portal's Disconnect) and sends the
     * end of the stream, so that a close right after does not reset them away while the peer still sends to us.
     */
    void finishWriting() {
        if (!closed.get() && connected) {
            sender.flush();
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    void close(TcpMetrics.Close cause, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transport.metrics().closed(this, cause);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}", this, e);
        }
        spi.unregister(address, recipient);
        transport.forget(this);
        closeReason = connected
                ? "connection " + address + " to " + peer + " closed: " + reason
                : reason; // never connected: the reason already names the peer
        OckamException error = new OckamException(OckamException.Kind.TRANSPORT, closeReason);
        for (Address waiting : node.flowControls().consumers(flowControlId)) {
            spi.failRequestAt(waiting, error);
        }
        node.flowControls().removeFlow(flowControlId);
        whenConnected.completeExceptionally(error);
        sender.discard();
        long held = transport.closedLog.admit(); // a flood of connections must not flood the log
        if (held >= 0) {
            LOG.info("TCP connection {} ({} {}) closed: {}{}", address, mode.name().toLowerCase(), peer, reason,
                    LogLimit.suffix(held));
        }
    }
}
