package dev.ockamj.identity.internal;

import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.internal.channel.Channel;
import dev.ockamj.node.Address;
import dev.ockamj.node.Cancellable;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.spi.NodeSpi;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * What the parts of one channel share: its addresses (Ockam's encryptor, decryptor remote and decryptor
 * internal, addresses.rs), the route to the peer's decryptor (the responder learns newer ones from the peer's
 * messages), the channel's flow (what its decrypted messages may reach), and its life: the handshake's outcome,
 * then open until either side closes; and its meters: the handshake's outcome is counted once, the channel's own
 * meters live while it is open. Thread-safe.
 */
public final class ChannelState {
    private final Node node;
    private final boolean initiator;
    private final Address encryptor = Address.random();
    private final Address decryptorRemote = Address.random();
    private final Address decryptorInternal = Address.random();
    private final FlowControlId flow;
    private final AtomicReference<Route> remoteRoute = new AtomicReference<>();
    private final CompletableFuture<Identifier> ready = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<ChannelState> onClosed;
    private final SecureChannelMetrics metrics;
    private final AtomicBoolean outcomeCounted = new AtomicBoolean();
    private volatile SecureChannelMetrics.ChannelMeters meters; // once the handshake is done, with a registry
    private volatile boolean closeReceived;
    private final String listener;
    private volatile Identifier peer;
    private volatile java.util.Map<String, String> attributes = java.util.Map.of();
    private volatile DecryptorRecipient decryptor;
    private volatile EncryptorRecipient encryptorRecipient; // once the handshake is done
    private volatile Cancellable hopWatch;

    public ChannelState(Node node, boolean initiator, String listener, FlowControlId flow, SecureChannelMetrics metrics,
                        Consumer<ChannelState> onClosed) {
        this.node = node;
        this.initiator = initiator;
        this.listener = listener;
        this.flow = flow;
        this.metrics = metrics;
        this.onClosed = onClosed;
    }

    public Node node() {
        return node;
    }

    /** The address value of the listener that accepted this channel; empty for a channel this node opened. */
    public String listener() {
        return listener;
    }

    public boolean isInitiator() {
        return initiator;
    }

    public Address encryptor() {
        return encryptor;
    }

    public Address decryptorRemote() {
        return decryptorRemote;
    }

    public Address decryptorInternal() {
        return decryptorInternal;
    }

    public FlowControlId flow() {
        return flow;
    }

    public Route remoteRoute() {
        return remoteRoute.get();
    }

    public void remoteRoute(Route route) {
        remoteRoute.set(route);
    }

    void decryptor(DecryptorRecipient d) {
        decryptor = d;
    }

    void encryptor(EncryptorRecipient e) {
        encryptorRecipient = e;
    }

    /** Ockam's RefreshCredentials: presents {@code credential} to the peer. Does nothing before the handshake is done. */
    public void presentCredential(byte[] credential) {
        EncryptorRecipient e = encryptorRecipient;
        if (e != null && !closed.get()) {
            e.presentCredential(credential);
        }
    }

    public CompletableFuture<Identifier> ready() {
        return ready;
    }

    public Identifier peer() {
        return peer;
    }

    void established(Identifier peer, java.util.Map<String, String> attributes) {
        this.peer = peer;
        this.attributes = attributes;
        // counted before the channel is handed out; not if it came too late (the initiator's timeout completed
        // ready first and counts that)
        if (!ready.isDone() && outcomeCounted.compareAndSet(false, true)) {
            metrics.handshakeOk(initiator);
        }
        ready.complete(peer);
    }

    /** The handshake failed: counted, unless its outcome already was (the first one counts). */
    void handshakeFailed(SecureChannelMetrics.HandshakeFailure reason) {
        if (outcomeCounted.compareAndSet(false, true)) {
            metrics.handshakeFailed(initiator, reason);
        }
    }

    /** The initiator's timeout passed before the handshake ended. */
    public void handshakeTimedOut() {
        handshakeFailed(SecureChannelMetrics.HandshakeFailure.TIMEOUT);
    }

    SecureChannelMetrics metrics() {
        return metrics;
    }

    /** The handshake is done: the channel's meters (null without a registry), until it closes. */
    SecureChannelMetrics.ChannelMeters openMeters(Channel.Sender sender, Channel.Receiver receiver) {
        SecureChannelMetrics.ChannelMeters m = metrics.opened(this, sender, receiver);
        meters = m;
        if (closed.get()) { // closed meanwhile: close() may have looked before they were there
            metrics.closed(m);
        }
        return m;
    }

    public java.util.Map<String, String> attributes() {
        return attributes;
    }

    void attributes(java.util.Map<String, String> attributes) {
        this.attributes = attributes;
    }

    public boolean isOpen() {
        return ready.isDone() && !ready.isCompletedExceptionally() && !closed.get();
    }

    boolean closeReceived() {
        return closeReceived;
    }

    void markCloseReceived() {
        closeReceived = true;
    }

    /**
     * Ends the channel: tells the peer (unless the peer closed first), frees its addresses and its flow. Idempotent;
     * safe from any thread.
     */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            handshakeFailed(SecureChannelMetrics.HandshakeFailure.CLOSED); // unless it ended before
            ready.completeExceptionally(new OckamException(OckamException.Kind.NODE_STOPPED, "the channel closed"));
            metrics.closed(meters);
            if (hopWatch != null) {
                hopWatch.cancel();
            }
            NodeSpi spi = NodeSpi.of(node);
            EncryptorRecipient e = encryptorRecipient;
            if (e != null) {
                if (!closeReceived && remoteRoute() != null) {
                    e.sendClose();
                }
                spi.unregister(encryptor, e);
            }
            DecryptorRecipient d = decryptor;
            if (d != null) {
                spi.unregister(decryptorRemote, d);
            }
            stopQuietly(decryptorInternal);
            node.flowControls().removeFlow(flow);
            onClosed.accept(this);
        }
    }

    /**
     * Once established: the channel closes when the first hop of its route to the peer (a TCP connection, a relay)
     * goes away, so that what uses the channel (a portal) hears of it instead of sending into nothing.
     */
    void closeWithFirstHop() {
        Route route = remoteRoute();
        Address first = route == null ? null : route.nextOrNull();
        if (first != null && first.isLocal()) {
            hopWatch = NodeSpi.of(node).whenGone(first, () -> {
                LoggerFactory.getLogger(ChannelState.class).info(
                        "secure channel {} closes: its first hop {} to the peer is gone", encryptor, first);
                close();
            });
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private void stopQuietly(Address a) {
        try {
            if (node.hasAddress(a)) {
                node.stopWorker(a);
            }
        } catch (OckamException e) {
            // the node is stopping: its workers stop anyway
        }
    }
}
