package dev.ockamj.transport.tcp;

import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.FlowControls;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.spi.Payloads;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.node.spi.WorkerBursts;
import dev.ockamj.transport.tcp.internal.BlockingSends;
import dev.ockamj.transport.tcp.internal.wire.LegacyOutbound;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of a {@link TcpConnection} (Ockam's sender worker, docs/wire.md §6): a message sent to the
 * connection's address is stepped off that hop, encoded, queued in a buffer bounded by {@code maxQueuedBytes}, and
 * written to the peer. A message that does not fit is dropped and counted (the stall is logged a few times, not
 * per message).
 *
 * <p>Threads: {@link #send} runs on any thread, several at once (every sender's own); so does {@link #flush}, but
 * only the holder of {@code flushing} writes, and only it touches {@code writing}. A worker's sends are written at
 * the end of its burst, with one system call ({@link WorkerBursts#deferToEndOfBurst}); what the socket does not
 * take, the I/O thread writes when the socket is writable.
 */
final class ConnectionSender {
    // the connection's logger: what operators configure and the tests capture
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
    /** Per flushing thread (workers' threads, the I/O thread): frames are copied here and written in one call. */
    private static final ThreadLocal<ByteBuffer> STAGING = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    private final TcpConnection connection;
    private final TcpTransport transport;
    private final NodeSpi spi;
    private final FlowControls flowControls;
    private final IoLoop loop;
    private final SocketChannel channel;
    private final Address address;
    private final String peer;
    private final TcpProtocol protocol;
    private final FlowControlId flowControlId;
    private final long maxQueuedBytes;

    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    /** Taken from {@code queue} but not yet fully written; only the flusher (holder of {@code flushing}) uses it. */
    private final ArrayDeque<ByteBuffer> writing = new ArrayDeque<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** What a waiting sender waits on ({@link #awaitRoom}). */
    private final Object room = new Object();
    private final java.util.concurrent.atomic.AtomicInteger waitingForRoom = new java.util.concurrent.atomic.AtomicInteger();
    /** How much a sender that may wait lets queue: enough to keep the socket busy, little to hold in memory. */
    private static final long BLOCKING_SEND_MARK = 1L << 20;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile Address lastConsumer;

    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();

    /** Messages dropped because the outgoing buffer was full (the peer did not read). */
    private final AtomicLong messagesDropped = new AtomicLong();
    /** Set from the first drop until the buffer is down to half its limit: reported once each way. */
    private final AtomicBoolean stalled = new AtomicBoolean();
    private volatile long stalledSince;
    private volatile long droppedBeforeStall;
    /** When a write last made progress (System.nanoTime), to tell how long the peer has not read. */
    private volatile long lastWriteProgress = System.nanoTime();

    // made once: nothing is allocated per message to schedule a flush
    private final Runnable flushNow = this::flush;
    private final Runnable flushTask = () -> {
        flushScheduled.set(false);
        flush();
    };

    ConnectionSender(TcpConnection connection, TcpTransport transport, NodeSpi spi, SocketChannel channel,
                     long maxQueuedBytes) {
        this.connection = connection;
        this.transport = transport;
        this.spi = spi;
        this.flowControls = spi.node().flowControls();
        this.loop = transport.loop();
        this.channel = channel;
        this.address = connection.address();
        this.peer = connection.peer();
        this.protocol = connection.protocol();
        this.flowControlId = connection.flowControlId();
        this.maxQueuedBytes = maxQueuedBytes;
        if (protocol == TcpProtocol.V1) {
            // both sides send the version byte first, without waiting for the peer's (docs/wire.md §2)
            enqueueRaw(V1Outbound.handshake());
        }
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    long bytesOut() {
        return bytesOut.get();
    }

    long messagesOut() {
        return messagesOut.get();
    }

    long messagesDropped() {
        return messagesDropped.get();
    }

    boolean isStalled() {
        return stalled.get();
    }

    /** Any thread: encodes {@code msg}, queues it, and writes it now or arranges for it to be written soon. */
    void send(Routed<?> msg) {
        if (!connection.isOpen()) {
            refuse(msg, connection.closeReason());
            return;
        }
        if (BlockingSends.allowed() && !loop.inLoop()) {
            awaitRoom();
        }
        Route onward = msg.onwardRoute().step(); // the sender worker steps itself off (docs/wire.md §6)
        byte[] frame;
        try {
            byte[] payload = Payloads.encode(msg.body());
            // null unless the node traces (NodeSpi#tracing) or a worker set one: then Ockam's 4-element form
            TransportMessage tm = new TransportMessage(onward, msg.returnRoute(), payload, msg.tracingContext());
            frame = protocol == TcpProtocol.V1 ? V1Outbound.frame(tm) : LegacyOutbound.frame(tm);
        } catch (OckamException e) {
            if (e.kind() == OckamException.Kind.TRANSPORT && protocol == TcpProtocol.V1) {
                // too big for the wire: Rust's sender refuses and closes the connection (docs/wire.md §3, §8)
                refuse(msg, e.getMessage());
                connection.close(TcpMetrics.Close.MESSAGE_TOO_BIG, "an outgoing message was too big: " + e.getMessage());
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
        if (!connection.isOpen()) {
            // closed while we queued: close() may have listed the flow's consumers before allowReplies added
            // ours, so fail the request here (failing twice is harmless), and forget the flow again, or the
            // consumer added after close() removed it would stay registered for good
            flowControls.removeFlow(flowControlId);
            refuse(msg, connection.closeReason());
            return;
        }
        if (loop.inLoop()) {
            flush();
        } else if (WorkerBursts.deferToEndOfBurst(flushNow)) {
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

    /**
     * A thread that may wait ({@link BlockingSends}) waits while more than the mark is queued, the connection is
     * open and the thread is not interrupted: back-pressure for a portal's socket reader.
     */
    private void awaitRoom() {
        long mark = Math.min(maxQueuedBytes / 2, BLOCKING_SEND_MARK);
        if (queuedBytes.get() <= mark) {
            return;
        }
        waitingForRoom.incrementAndGet();
        try {
            synchronized (room) {
                while (queuedBytes.get() > mark && connection.isOpen() && !Thread.currentThread().isInterrupted()) {
                    room.wait(5); // bounded: a notify that comes between the check and the wait is not lost for long
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waitingForRoom.decrementAndGet();
        }
    }

    private void roomMade() {
        if (waitingForRoom.get() > 0) {
            synchronized (room) {
                room.notifyAll();
            }
        }
    }

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
            flowControls.addConsumer(back, flowControlId);
            lastConsumer = back;
        }
        for (int i = 1; i < returnRoute.size() && !transport.isConnection(returnRoute.get(i - 1)); i++) {
            Address a = returnRoute.get(i);
            if (!a.isLocal()) {
                break;
            }
            flowControls.addConsumer(a, flowControlId);
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
        spi.failRequests(msg, new OckamException(OckamException.Kind.TRANSPORT, why));
        if (stalled.compareAndSet(false, true)) {
            long now = System.nanoTime();
            stalledSince = now;
            droppedBeforeStall = n - 1;
            LOG.warn("TCP peer {} has not read for {} ms: {} bytes wait on connection {} (its limit is {});"
                            + " dropping messages to it until it reads", peer, (now - lastWriteProgress) / 1_000_000,
                    queuedBytes.get(), address, maxQueuedBytes);
            if (queuedBytes.get() <= maxQueuedBytes / 2) {
                loop.execute(flushNow); // drained meanwhile: let the flusher end the stall
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
        spi.failRequests(msg, new OckamException(OckamException.Kind.TRANSPORT, why));
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

    /** Any thread, when the connection has closed: what still waits will never be written. */
    void discard() {
        queue.clear();
        queuedBytes.set(0);
        roomMade();
    }

    /**
     * Any thread: writes what the socket takes now; if it takes less, asks the I/O thread to finish when it can.
     * Does nothing before the connection is established (it flushes then) or after it closed.
     */
    void flush() {
        while (connection.isConnected() && connection.isOpen()) {
            if (!flushing.compareAndSet(false, true)) {
                return; // the thread that holds the flag writes our frame too (it re-checks the queue)
            }
            boolean blocked;
            try {
                blocked = writeSome();
            } catch (IOException e) {
                connection.close(TcpMetrics.Close.IO_ERROR, "write failed: " + e.getMessage());
                return;
            } finally {
                flushing.set(false);
            }
            if (stalled.get() && queuedBytes.get() <= maxQueuedBytes / 2) {
                drained();
            }
            roomMade();
            if (blocked) {
                try {
                    connection.key().interestOpsOr(SelectionKey.OP_WRITE);
                    loop.wakeup();
                } catch (CancelledKeyException e) {
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
}
