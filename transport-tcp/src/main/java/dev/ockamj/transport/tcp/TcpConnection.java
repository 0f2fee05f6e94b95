package dev.ockamj.transport.tcp;

import dev.ockamj.node.spi.Payloads;

import dev.ockamj.node.spi.NodeSpi;

import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.spi.Recipient;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.spi.WorkerBursts;
import dev.ockamj.transport.tcp.internal.wire.LegacyInbound;
import dev.ockamj.transport.tcp.internal.wire.LegacyOutbound;
import dev.ockamj.transport.tcp.internal.wire.Outcome;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Inbound;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
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
 * One TCP connection, both halves (docs/wire.md §1, §6). It owns a random LOCAL address that can be the first hop
 * of a route: a message sent to it is stepped off that hop, encoded and written to the peer (Ockam's sender
 * worker). Frames read from the peer get that address pushed onto their return route and are routed on the
 * node, marked with this connection's flow so that they reach only the workers allowed for it (Ockam's
 * receiver).
 *
 * <p>Writes happen on the sender's thread when the socket takes them; what it does not take waits in a
 * bounded queue that the I/O thread drains when the socket is writable.
 */
public final class TcpConnection implements Recipient, IoLoop.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    /** Per flushing thread (workers' threads, the I/O thread): frames are copied here and written in one call. */
    private static final ThreadLocal<ByteBuffer> STAGING = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

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

    /** Messages dropped because the outgoing buffer was full (the peer did not read). */
    private final AtomicLong messagesDropped = new AtomicLong();
    /** Set from the first drop until the buffer is down to half its limit: reported once each way. */
    private final AtomicBoolean stalled = new AtomicBoolean();
    private volatile long stalledSince;
    private volatile long droppedBeforeStall;
    /** Of what the peer sent, the cost ({@link #MAX_IN_FLIGHT}) of the messages that still wait on the node. */
    private final AtomicLong inFlight = new AtomicLong();
    /** Set by the I/O thread when it stops reading because of {@link #inFlight}. */
    private volatile boolean readPaused;
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private final Runnable resumeTask = () -> {
        resumeScheduled.set(false);
        resumeReading();
    };
    /** When a write last made progress (System.nanoTime), to tell how long the peer has not read. */
    private volatile long lastWriteProgress = System.nanoTime();

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
            // both sides send the version byte first, without waiting for the peer's (docs/wire.md §2)
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

    /** The limit of {@link #queuedBytes()}; a message that does not fit is dropped. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Messages to the peer dropped (and their requests failed) because it did not read and the buffer was full. */
    public long messagesDropped() {
        return messagesDropped.get();
    }

    /**
     * True while the peer does not keep up: a message was dropped because the buffer was full, and the buffer has
     * not drained to half its limit since. Logged once when it starts (WARN) and once when it ends (INFO).
     */
    public boolean isStalled() {
        return stalled.get();
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
        Route onward = msg.onwardRoute().step(); // the sender worker steps itself off (docs/wire.md §6)
        byte[] frame;
        try {
            byte[] payload = Payloads.encode(msg.body());
            TransportMessage tm = new TransportMessage(onward, msg.returnRoute(), payload);
            frame = protocol == TcpProtocol.V1 ? V1Outbound.frame(tm) : LegacyOutbound.frame(tm);
        } catch (OckamException e) {
            if (e.kind() == OckamException.Kind.TRANSPORT && protocol == TcpProtocol.V1) {
                // too big for the wire: Rust's sender refuses and closes the connection (docs/wire.md §3, §8)
                refuse(msg, e.getMessage());
                close("an outgoing message was too big: " + e.getMessage());
            } else {
                refuse(msg, "cannot send over " + address + " to " + peer + ": " + e.getMessage());
            }
            return;
        }
        allowReplies(msg.returnRoute());
        if (!enqueue(frame)) {
            dropped(msg);
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

    /**
     * Replies from the peer may reach the worker that sent (the first hop of the return route), and the hops of
     * this node that the message passed on its way here (each pushed itself in front): a hop steps a reply on
     * with the flow it arrived through, so each must be allowed. The return route's hops stop being ours at a
     * connection's address (what follows is the other peer's).
     */
    private void allowReplies(Route returnRoute) {
        Address back = returnRoute.nextOrNull();
        if (back != null && back.isLocal() && !back.equals(lastConsumer)) {
            node.flowControls().addConsumer(back, flowControlId);
            lastConsumer = back;
        }
        for (int i = 1; i < returnRoute.size() && !transport.isConnection(returnRoute.get(i - 1)); i++) {
            Address a = returnRoute.get(i);
            if (!a.isLocal()) {
                break;
            }
            node.flowControls().addConsumer(a, flowControlId);
        }
    }

    /**
     * A message that did not fit in the outgoing buffer: its requests fail, and it is counted — not logged one by
     * one (a peer that stops reading would flood the log): one WARN when the stall starts, a summary at 100, 1000,
     * 10000... drops, one INFO when the buffer drains ({@link #drained}).
     */
    private void dropped(Routed<?> msg) {
        long n = messagesDropped.incrementAndGet();
        String why = "the outgoing buffer of connection " + address + " to " + peer + " is full (" + queuedBytes.get()
                + " bytes wait for the peer to read); message dropped";
        LOG.debug("{}", why);
        NodeSpi.of(node).failRequests(msg, new OckamException(OckamException.Kind.TRANSPORT, why));
        if (stalled.compareAndSet(false, true)) {
            long now = System.nanoTime();
            stalledSince = now;
            droppedBeforeStall = n - 1;
            LOG.warn("TCP peer {} has not read for {} ms: {} bytes wait on connection {} (its limit is {});"
                            + " dropping messages to it until it reads", peer, (now - lastWriteProgress) / 1_000_000,
                    queuedBytes.get(), address, maxQueuedBytes);
            if (queuedBytes.get() <= maxQueuedBytes / 2) {
                loop.execute(this::flush); // drained meanwhile: let the flusher end the stall
            }
            return;
        }
        long inStall = n - droppedBeforeStall;
        if (inStall >= 100 && isPowerOfTen(inStall)) {
            LOG.warn("TCP peer {} still does not read: {} messages to it dropped in {} ms on connection {}", peer,
                    inStall, (System.nanoTime() - stalledSince) / 1_000_000, address);
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    /** Called by the flusher: the buffer is down to half its limit, so a stall (if any) has ended. */
    private void drained() {
        if (stalled.compareAndSet(true, false)) {
            LOG.info("TCP peer {} reads again: connection {} was stalled for {} ms; {} messages to it were dropped",
                    peer, address, (System.nanoTime() - stalledSince) / 1_000_000,
                    messagesDropped.get() - droppedBeforeStall);
        }
    }

    private void refuse(Routed<?> msg, String why) {
        long held = transport.refusedLog.admit(); // e.g. a program that keeps sending to a closed connection
        if (held >= 0) {
            LOG.warn("{}{}", why, LogLimit.suffix(held));
        }
        NodeSpi.of(node).failRequests(msg, new OckamException(OckamException.Kind.TRANSPORT, why));
    }

    /**
     * Queues {@code frame} if it fits under the limit (or the buffer is empty: one frame bigger than the limit may
     * wait alone). Compare-and-set, so that {@link #queuedBytes()} never shows more than the limit, even briefly.
     */
    private boolean enqueue(byte[] frame) {
        long before;
        do {
            before = queuedBytes.get();
            if (before + frame.length > maxQueuedBytes && before != 0) {
                return false;
            }
        } while (!queuedBytes.compareAndSet(before, before + frame.length));
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
            if (stalled.get() && queuedBytes.get() <= maxQueuedBytes / 2) {
                drained();
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
            if (written > 0) {
                lastWriteProgress = System.nanoTime();
            }
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
        // a bounded number of reads: fair to other connections; none while the peer's messages pile up here
        for (int i = 0; i < 16 && !closed.get() && !readPaused; i++) {
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
            if (inFlight.get() > MAX_IN_FLIGHT) {
                pauseReading();
            }
        }
    }

    /**
     * I/O thread: stop reading from the peer until the workers have taken half of what it sent. Its bytes wait in
     * the sockets' buffers meanwhile, and TCP slows it down: memory stays bounded however fast it sends.
     */
    private void pauseReading() {
        readPaused = true;
        key.interestOpsAnd(~SelectionKey.OP_READ);
        LOG.debug("{}: {} bytes of the peer's messages wait on the node; reading paused", this, inFlight.get());
        if (inFlight.get() <= MAX_IN_FLIGHT / 2) {
            resumeReading(); // taken meanwhile, by a consumer that saw readPaused still false
        }
    }

    /**
     * I/O thread. Checks the level again: a consumer may have scheduled this with a level it read before the I/O
     * thread resumed and paused once more (seen under load: one more 64 KiB read beyond the bound).
     */
    private void resumeReading() {
        if (readPaused && !closed.get() && inFlight.get() <= MAX_IN_FLIGHT / 2) {
            readPaused = false;
            try {
                key.interestOpsOr(SelectionKey.OP_READ);
            } catch (java.nio.channels.CancelledKeyException e) {
                // closed meanwhile
            }
        }
    }

    /** Any thread: a message from the peer no longer waits on the node. */
    private void consumed(long cost) {
        long left = inFlight.addAndGet(-cost);
        if (readPaused && left <= MAX_IN_FLIGHT / 2 && resumeScheduled.compareAndSet(false, true)) {
            loop.execute(resumeTask);
        }
    }

    /** What the peer sent that still waits on the node (see {@link #MAX_IN_FLIGHT}). */
    long inFlight() {
        return inFlight.get();
    }

    /** True while the I/O thread does not read from the peer because its messages wait on the node. */
    boolean isReadPaused() {
        return readPaused;
    }

    private void onOutcome(Outcome outcome) {
        if (outcome instanceof Outcome.Deliver d) {
            messagesIn++;
            receive(d.message());
        } else if (outcome instanceof Outcome.Drop drop) {
            long held = transport.peerLog.admit();
            if (held >= 0) {
                LOG.warn("dropped a message from {} on {}: {}{}", peer, address, drop.reason(), LogLimit.suffix(held));
            }
        } else if (outcome instanceof Outcome.Close c) {
            long held = transport.peerLog.admit();
            if (held >= 0) {
                LOG.warn("closing the connection {} to {}: {} ({}){}", address, peer, c.reason(), c.detail(),
                        LogLimit.suffix(held));
            }
            close(c.reason() + ": " + c.detail());
        }
        // Heartbeat: ignored, the connection stays open (docs/wire.md §6 step 4)
    }

    /** The receiver: push our address onto the return route and route the message on this node. */
    private void receive(TransportMessage tm) {
        Address next = tm.onwardRoute().next();
        if (!next.isLocal()) {
            // Rust cannot route a non-local first hop either; and we must not open connections for a stranger
            long held = transport.peerLog.admit();
            if (held >= 0) {
                LOG.warn("dropped a message from {} on {}: its first hop {} is not a local address{}", peer, address,
                        Printable.escape(next.toString(), 200), LogLimit.suffix(held));
            }
            return;
        }
        Routed<NeutralMessage> msg = Routed.of(NeutralMessage.wrap(tm.payload()), tm.onwardRoute(),
                tm.returnRoute().prepend(address), address).withFlowControlId(flowControlId);
        long cost = cost(tm);
        inFlight.addAndGet(cost);
        NodeSpi.of(node).route(msg, () -> consumed(cost));
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
        NodeSpi.of(node).unregister(address, this);
        transport.forget(this);
        closeReason = connected
                ? "connection " + address + " to " + peer + " closed: " + reason
                : reason; // never connected: the reason already names the peer
        OckamException error = new OckamException(OckamException.Kind.TRANSPORT, closeReason);
        for (Address waiting : node.flowControls().consumers(flowControlId)) {
            NodeSpi.of(node).failRequestAt(waiting, error);
        }
        node.flowControls().removeFlow(flowControlId);
        whenConnected.completeExceptionally(error);
        queue.clear();
        queuedBytes.set(0);
        long held = transport.closedLog.admit(); // a flood of connections must not flood the log
        if (held >= 0) {
            LOG.info("TCP connection {} ({} {}) closed: {}{}", address, mode.name().toLowerCase(), peer, reason,
                    LogLimit.suffix(held));
        }
    }
}
