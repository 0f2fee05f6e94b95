package dev.ockamj.transport.tcp;

import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Mailbox;
import dev.ockamj.node.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Printable;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.WorkerBursts;
import dev.ockamj.transport.tcp.wire.LegacyInbound;
import dev.ockamj.transport.tcp.wire.LegacyOutbound;
import dev.ockamj.transport.tcp.wire.Outcome;
import dev.ockamj.transport.tcp.wire.TransportMessage;
import dev.ockamj.transport.tcp.wire.V1Inbound;
import dev.ockamj.transport.tcp.wire.V1Outbound;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection, both halves (WIRE.md §1, §6). It owns a random LOCAL address that can be the first hop
 * of a route: a message sent to it is stepped off that hop, encoded and written to the peer (Ockam's sender
 * worker). Frames read from the peer get that address pushed onto their return route and are routed on the
 * node, marked with this connection's flow so that they reach only the workers allowed for it (Ockam's
 * receiver).
 *
 * <p>Writes happen on the sender's thread when the socket takes them; what it does not take waits in a
 * bounded queue that the I/O thread drains when the socket is writable.
 */
public final class TcpConnection implements Mailbox, IoLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    /** Per flushing thread (workers' threads, the I/O thread): frames are copied here and written in one call. */
    private static final ThreadLocal<ByteBuffer> STAGING = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    /** Who opened the connection. */
    public enum Mode { OUTGOING, INCOMING }

    private final TcpTransport transport;
    private final Node node;
    private final IoLoop loop;
    private final Address address = Address.random();
    private final String peer;
    private final Mode mode;
    private final TcpProtocol protocol;
    private final FlowControlId flowControlId;
    private final long maxQueuedBytes;
    private final SocketChannel channel;
    private final Consumer<Outcome> onOutcome = this::onOutcome;
    private final V1Inbound v1In;
    private final LegacyInbound legacyIn;
    private volatile SelectionKey key;

    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    /** Taken from {@code queue} but not yet fully written; only the flusher (holder of {@code flushing}) uses it. */
    private final ArrayDeque<ByteBuffer> writing = new ArrayDeque<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile boolean connected;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Why the connection closed, for requests that arrive after. */
    private volatile String closeReason;
    final CompletableFuture<TcpConnection> whenConnected = new CompletableFuture<>();
    private volatile Address lastConsumer;

    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private volatile long bytesIn;
    private volatile long messagesIn;

    TcpConnection(TcpTransport transport, SocketChannel channel, String peer, Mode mode, TcpProtocol protocol,
                  FlowControlId flowControlId, long maxQueuedBytes) {
        this.transport = transport;
        this.node = transport.node();
        this.loop = transport.loop();
        this.channel = channel;
        this.peer = peer;
        this.mode = mode;
        this.protocol = protocol;
        this.flowControlId = flowControlId;
        this.maxQueuedBytes = maxQueuedBytes;
        this.v1In = protocol == TcpProtocol.V1 ? new V1Inbound() : null;
        this.legacyIn = protocol == TcpProtocol.LEGACY ? new LegacyInbound() : null;
        this.closeReason = "the connection " + address + " to " + peer + " is closed";
        if (protocol == TcpProtocol.V1) {
            // both sides send the version byte first, without waiting for the peer's (WIRE.md §2)
            enqueueRaw(V1Outbound.handshake());
        }
    }

    // ---- what users see ----

    /** The connection's LOCAL address: use it as the first hop of a route to reach the peer's workers. */
    public Address address() {
        return address;
    }

    /** The peer as {@code host:port}. */
    public String peer() {
        return peer;
    }

    public Mode mode() {
        return mode;
    }

    public TcpProtocol protocol() {
        return protocol;
    }

    /** The flow of messages arriving through this connection (see {@link dev.ockamj.node.FlowControls}). */
    public FlowControlId flowControlId() {
        return flowControlId;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    public long messagesIn() {
        return messagesIn;
    }

    public long messagesOut() {
        return messagesOut.get();
    }

    /** Bytes waiting to be written because the peer has not read them yet. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public String toString() {
        return "TcpConnection[" + address + " " + mode.name().toLowerCase() + " " + peer + " " + protocol + "]";
    }

    // ---- sending: any thread ----

    @Override
    public void deliver(Routed<?> msg) {
        if (closed.get()) {
            refuse(msg, closeReason);
            return;
        }
        Route onward = msg.onwardRoute().step(); // the sender worker steps itself off (WIRE.md §6)
        byte[] frame;
        try {
            byte[] payload = NeutralMessage.encode(msg.body());
            TransportMessage tm = new TransportMessage(onward, msg.returnRoute(), payload);
            frame = protocol == TcpProtocol.V1 ? V1Outbound.frame(tm) : LegacyOutbound.frame(tm);
        } catch (OckamException e) {
            if (e.kind() == OckamException.Kind.TRANSPORT && protocol == TcpProtocol.V1) {
                // too big for the wire: Rust's sender refuses and closes the connection (WIRE.md §3, §8)
                refuse(msg, e.getMessage());
                close("an outgoing message was too big: " + e.getMessage());
            } else {
                refuse(msg, "cannot send over " + address + " to " + peer + ": " + e.getMessage());
            }
            return;
        }
        allowReplies(msg.returnRoute());
        if (!enqueue(frame)) {
            refuse(msg, "the outgoing buffer of connection " + address + " to " + peer + " is full ("
                    + queuedBytes.get() + " bytes wait for the peer to read); message dropped");
            return;
        }
        messagesOut.incrementAndGet();
        if (closed.get()) {
            // closed while we queued: close() may have listed the flow's consumers before allowReplies added
            // ours, so fail the request here (failing twice is harmless), and forget the flow again, or the
            // consumer added after close() removed it would stay registered for good
            node.flowControls().removeFlow(flowControlId);
            refuse(msg, closeReason);
            return;
        }
        if (loop.inLoop()) {
            flush();
        } else if (WorkerBursts.deferToEndOfBurst(burstFlush)) {
            // a worker sending: written once it has handled the messages waiting for it, with one system call
        } else if (flushScheduled.compareAndSet(false, true)) {
            if (ForkJoinTask.inForkJoinPool()) {
                // other code on a fork-join thread (e.g. a worker's initialize, a delayed send): write after the
                // current task, on this same thread
                new FlushTask().fork();
            } else {
                // any other thread (e.g. the program's main thread in a send loop): the I/O thread writes,
                // in batches, while this thread goes on queueing
                loop.execute(flushTask);
            }
        }
    }

    private final Runnable burstFlush = this::flush;

    private final Runnable flushTask = () -> {
        flushScheduled.set(false);
        flush();
    };

    /** Runs {@link #flush} later on the current fork-join thread. */
    private final class FlushTask extends RecursiveAction {
        @Override
        protected void compute() {
            flushScheduled.set(false); // before flushing: a frame queued from now on schedules another flush
            flush();
        }
    }

    /** Replies from the peer may reach the worker that sent (the first hop of the return route). */
    private void allowReplies(Route returnRoute) {
        Address back = returnRoute.nextOrNull();
        if (back != null && back.isLocal() && !back.equals(lastConsumer)) {
            node.flowControls().addConsumer(back, flowControlId);
            lastConsumer = back;
        }
    }

    private void refuse(Routed<?> msg, String why) {
        LOG.warn("{}", why);
        node.failRequests(msg, new OckamException(OckamException.Kind.TRANSPORT, why));
    }

    private boolean enqueue(byte[] frame) {
        long after = queuedBytes.addAndGet(frame.length);
        if (after > maxQueuedBytes && after != frame.length) {
            queuedBytes.addAndGet(-frame.length);
            return false;
        }
        queue.add(ByteBuffer.wrap(frame));
        return true;
    }

    private void enqueueRaw(byte[] bytes) {
        queuedBytes.addAndGet(bytes.length);
        queue.add(ByteBuffer.wrap(bytes));
    }

    /** Writes what the socket takes now; if it takes less, asks the I/O thread to finish when it can. */
    void flush() {
        while (connected && !closed.get()) {
            if (!flushing.compareAndSet(false, true)) {
                return; // the thread that holds the flag writes our frame too (it re-checks the queue)
            }
            boolean blocked;
            try {
                blocked = writeSome();
            } catch (IOException e) {
                close("write failed: " + e.getMessage());
                return;
            } finally {
                flushing.set(false);
            }
            if (blocked) {
                try {
                    key.interestOpsOr(SelectionKey.OP_WRITE);
                    loop.wakeup();
                } catch (java.nio.channels.CancelledKeyException e) {
                    // closed meanwhile
                }
                return;
            }
            if (queue.isEmpty()) {
                return; // else a frame was queued while we held the flag: go again
            }
        }
    }

    /**
     * Returns true if the socket could not take everything. Only the holder of {@code flushing} calls it.
     *
     * <p>Frames are copied into this thread's direct staging buffer and written with one plain write: a gathering
     * write of heap buffers makes the JDK copy each into a temporary direct buffer of its own, and it caches only
     * 16 per thread, so a big batch allocated and freed native memory for every frame beyond that. What the socket
     * does not take goes back in front of {@code writing}, copied to the heap.
     */
    private boolean writeSome() throws IOException {
        ByteBuffer out = STAGING.get();
        while (true) {
            out.clear();
            while (out.hasRemaining()) {
                ByteBuffer b = writing.peekFirst();
                if (b == null) {
                    b = queue.poll();
                    if (b == null) {
                        break;
                    }
                    writing.addLast(b);
                }
                int n = Math.min(out.remaining(), b.remaining());
                out.put(b.array(), b.arrayOffset() + b.position(), n);
                b.position(b.position() + n);
                if (!b.hasRemaining()) {
                    writing.pollFirst();
                }
            }
            if (out.position() == 0) {
                return false;
            }
            out.flip();
            int written = channel.write(out);
            queuedBytes.addAndGet(-written);
            bytesOut.addAndGet(written);
            if (out.hasRemaining()) {
                byte[] rest = new byte[out.remaining()];
                out.get(rest);
                writing.addFirst(ByteBuffer.wrap(rest));
                return true;
            }
        }
    }

    // ---- the I/O thread ----

    /** Registers with the selector; for an outgoing connection, starts connecting. Runs on the I/O thread. */
    void open(SocketAddress remote) {
        try {
            if (remote != null) {
                key = loop.register(channel, SelectionKey.OP_CONNECT, this);
                if (channel.connect(remote)) {
                    onConnected();
                }
            } else {
                key = loop.register(channel, SelectionKey.OP_READ, this);
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
        flush();
    }

    @Override
    public void ready(SelectionKey k) throws IOException {
        if (k.isConnectable()) {
            if (channel.finishConnect()) {
                onConnected();
            }
            return;
        }
        if (k.isWritable()) {
            k.interestOpsAnd(~SelectionKey.OP_WRITE);
            flush();
        }
        if (k.isReadable()) {
            read();
        }
    }

    @Override
    public void failed(Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        close(connected ? "I/O error: " + why : "cannot connect to " + peer + ": " + why);
    }

    private void read() throws IOException {
        ByteBuffer buf = loop.readBuffer;
        for (int i = 0; i < 16 && !closed.get(); i++) { // a bounded number of reads: fair to other connections
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                Optional<Outcome.Close> bad = v1In != null ? v1In.onEof() : legacyIn.onEof();
                close(bad.map(c -> "the peer closed the connection: " + c.reason() + " (" + c.detail() + ")")
                        .orElse("the peer closed the connection"));
                return;
            }
            if (n == 0) {
                return;
            }
            bytesIn += n;
            buf.flip();
            if (v1In != null) {
                v1In.feed(buf, onOutcome);
            } else {
                legacyIn.feed(buf, onOutcome);
            }
        }
    }

    private void onOutcome(Outcome outcome) {
        if (outcome instanceof Outcome.Deliver d) {
            messagesIn++;
            receive(d.message());
        } else if (outcome instanceof Outcome.Drop drop) {
            LOG.warn("dropped a message from {} on {}: {}", peer, address, drop.reason());
        } else if (outcome instanceof Outcome.Close c) {
            LOG.warn("closing the connection {} to {}: {} ({})", address, peer, c.reason(), c.detail());
            close(c.reason() + ": " + c.detail());
        }
        // Heartbeat: ignored, the connection stays open (WIRE.md §6 step 4)
    }

    /** The receiver: push our address onto the return route and route the message on this node. */
    private void receive(TransportMessage tm) {
        Address next = tm.onwardRoute().next();
        if (!next.isLocal()) {
            // Rust cannot route a non-local first hop either; and we must not open connections for a stranger
            LOG.warn("dropped a message from {} on {}: its first hop {} is not a local address", peer, address,
                    Printable.escape(next.toString(), 200));
            return;
        }
        Routed<NeutralMessage> msg = Routed.of(NeutralMessage.wrap(tm.payload()), tm.onwardRoute(),
                tm.returnRoute().prepend(address), address).withFlowControlId(flowControlId);
        node.route(msg);
    }

    // ---- closing: any thread ----

    /** Closes the connection: its address is removed, and requests waiting for replies through it fail now. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}", this, e);
        }
        node.unregisterMailbox(address, this);
        transport.forget(this);
        closeReason = connected
                ? "connection " + address + " to " + peer + " closed: " + reason
                : reason; // never connected: the reason already names the peer
        OckamException error = new OckamException(OckamException.Kind.TRANSPORT, closeReason);
        for (Address waiting : node.flowControls().consumers(flowControlId)) {
            node.failRequestAt(waiting, error);
        }
        node.flowControls().removeFlow(flowControlId);
        whenConnected.completeExceptionally(error);
        queue.clear();
        queuedBytes.set(0);
        LOG.info("TCP connection {} ({} {}) closed: {}", address, mode.name().toLowerCase(), peer, reason);
    }
}
