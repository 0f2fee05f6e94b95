package dev.ockamj.identity.internal;

import dev.ockamj.identity.Identifier;
import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What the two workers of one channel share: its addresses (Ockam's encryptor, decryptor remote and decryptor
 * internal, addresses.rs), the route to the peer's decryptor (the responder learns newer ones from the peer's
 * messages), the channel's flow (what its decrypted messages may reach), and its life: the handshake's outcome,
 * then open until either side closes. Thread-safe.
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
    private volatile boolean closeReceived;
    private volatile Identifier peer;
    private volatile java.util.Map<String, String> attributes = java.util.Map.of();

    public ChannelState(Node node, boolean initiator, FlowControlId flow, Consumer<ChannelState> onClosed) {
        this.node = node;
        this.initiator = initiator;
        this.flow = flow;
        this.onClosed = onClosed;
    }

    public Node node() {
        return node;
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

    public CompletableFuture<Identifier> ready() {
        return ready;
    }

    public Identifier peer() {
        return peer;
    }

    void established(Identifier peer, java.util.Map<String, String> attributes) {
        this.peer = peer;
        this.attributes = attributes;
        ready.complete(peer);
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

    /** Stops both workers (the encryptor tells the peer unless the peer closed first). Idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ready.completeExceptionally(new OckamException(OckamException.Kind.NODE_STOPPED, "the channel closed"));
            stopQuietly(encryptor);
            stopQuietly(decryptorRemote);
            node.flowControls().removeFlow(flow);
            onClosed.accept(this);
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
