package dev.ockamj.transport.tcp;

import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Routed;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.transport.tcp.internal.wire.LegacyInbound;
import dev.ockamj.transport.tcp.internal.wire.Outcome;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Inbound;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving half of a {@link TcpConnection} (Ockam's receiver processor, docs/wire.md §6, §8, §9): reads what
 * the peer sends, decodes its frames, pushes the connection's address onto each message's return route and routes
 * it on the node, marked with the connection's flow so that it reaches only the workers allowed for it.
 *
 * <p>Inbound back-pressure: the messages that still wait on the node may cost at most
 * {@link TcpConnection#MAX_IN_FLIGHT}; above it the receiver stops reading from the peer, and reads again once the
 * workers have taken half.
 *
 * <p>Threads: the I/O thread only ({@link #read}, the decoders, pausing and resuming), except {@link #consumed},
 * which the node runs on any thread once a message no longer waits, and the counters' getters.
 */
final class ConnectionReceiver {
    // the connection's logger: what operators configure and the tests capture
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

    private final TcpConnection connection;
    private final TcpTransport transport;
    private final NodeSpi spi;
    private final boolean tracing;
    private final IoLoop loop;
    private final SocketChannel channel;
    private final Address address;
    private final String peer;
    private final FlowControlId flowControlId;
    /** One of the two is set, by the protocol. */
    private final V1Inbound v1In;
    private final LegacyInbound legacyIn;
    private final Consumer<Outcome> onOutcome = this::onOutcome; // made once, not per read

    private volatile long bytesIn;
    private volatile long messagesIn;
    private volatile long readPauses;
    /** Of what the peer sent, the cost ({@link TcpConnection#cost}) of the messages that still wait on the node. */
    private final AtomicLong inFlight = new AtomicLong();
    /** Set by the I/O thread when it stops reading because of {@link #inFlight}. */
    private volatile boolean readPaused;
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private final Runnable resumeTask = () -> {
        resumeScheduled.set(false);
        resumeReading();
    };

    ConnectionReceiver(TcpConnection connection, TcpTransport transport, NodeSpi spi, SocketChannel channel) {
        this.connection = connection;
        this.transport = transport;
        this.spi = spi;
        this.tracing = spi.tracing();
        this.loop = transport.loop();
        this.channel = channel;
        this.address = connection.address();
        this.peer = connection.peer();
        this.flowControlId = connection.flowControlId();
        this.v1In = connection.protocol() == TcpProtocol.V1 ? new V1Inbound() : null;
        this.legacyIn = connection.protocol() == TcpProtocol.LEGACY ? new LegacyInbound() : null;
    }

    long bytesIn() {
        return bytesIn;
    }

    long messagesIn() {
        return messagesIn;
    }

    /** What the peer sent that still waits on the node (see {@link TcpConnection#MAX_IN_FLIGHT}). */
    long inFlight() {
        return inFlight.get();
    }

    long readPauses() {
        return readPauses;
    }

    /** True while the I/O thread does not read from the peer because its messages wait on the node. */
    boolean isReadPaused() {
        return readPaused;
    }

    /** I/O thread, when the socket is readable. */
    void read() throws IOException {
        ByteBuffer buf = loop.readBuffer;
        // a bounded number of reads: fair to other connections; none while the peer's messages pile up here
        for (int i = 0; i < 16 && connection.isOpen() && !readPaused; i++) {
            buf.clear();
            int n = channel.read(buf);
            if (n < 0) {
                Optional<Outcome.Close> bad = v1In != null ? v1In.onEof() : legacyIn.onEof();
                connection.close(bad.isPresent() ? TcpMetrics.Close.PROTOCOL_ERROR : TcpMetrics.Close.PEER_CLOSED, bad.map(c -> "the peer closed the connection: " + c.reason() + " (" + c.detail() + ")")
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
            if (inFlight.get() > TcpConnection.MAX_IN_FLIGHT) {
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
        readPauses++;
        connection.key().interestOpsAnd(~SelectionKey.OP_READ);
        LOG.debug("{}: {} bytes of the peer's messages wait on the node; reading paused", connection, inFlight.get());
        if (inFlight.get() <= TcpConnection.MAX_IN_FLIGHT / 2) {
            resumeReading(); // taken meanwhile, by a consumer that saw readPaused still false
        }
    }

    /**
     * I/O thread. Checks the level again: a consumer may have scheduled this with a level it read before the I/O
     * thread resumed and paused once more (seen under load: one more 64 KiB read beyond the bound).
     */
    private void resumeReading() {
        if (readPaused && connection.isOpen() && inFlight.get() <= TcpConnection.MAX_IN_FLIGHT / 2) {
            readPaused = false;
            try {
                connection.key().interestOpsOr(SelectionKey.OP_READ);
            } catch (CancelledKeyException e) {
                // closed meanwhile
            }
        }
    }

    /** Any thread: a message from the peer no longer waits on the node. */
    private void consumed(long cost) {
        long left = inFlight.addAndGet(-cost);
        if (readPaused && left <= TcpConnection.MAX_IN_FLIGHT / 2 && resumeScheduled.compareAndSet(false, true)) {
            loop.execute(resumeTask);
        }
    }

    private void onOutcome(Outcome outcome) {
        if (outcome instanceof Outcome.Deliver d) {
            messagesIn++;
            receive(d.message());
        } else if (outcome instanceof Outcome.Drop drop) {
            transport.metrics().dropped(TcpMetrics.Drop.DECODE_FAILURE);
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
            connection.close(TcpMetrics.Close.PROTOCOL_ERROR, c.reason() + ": " + c.detail());
        }
        // Heartbeat: ignored, the connection stays open (docs/wire.md §6 step 4)
    }

    /** Push our address onto the return route and route the message on this node. */
    private void receive(TransportMessage tm) {
        Address next = tm.onwardRoute().next();
        if (!next.isLocal()) {
            transport.metrics().dropped(TcpMetrics.Drop.NOT_LOCAL_FIRST_HOP);
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
        if (tracing && tm.tracingContext() != null) {
            msg = msg.withTracingContext(tm.tracingContext()); // the worker's span continues the sender's trace
        }
        long cost = TcpConnection.cost(tm);
        inFlight.addAndGet(cost);
        spi.route(msg, () -> consumed(cost));
    }
}
