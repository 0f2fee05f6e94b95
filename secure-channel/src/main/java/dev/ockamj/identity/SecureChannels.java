package dev.ockamj.identity;

import dev.ockamj.identity.internal.ChannelHandshake;
import dev.ockamj.identity.internal.ChannelState;
import dev.ockamj.identity.internal.HandshakeWorker;
import dev.ockamj.identity.internal.ListenerWorker;
import dev.ockamj.identity.internal.OwnIdentity;
import dev.ockamj.identity.internal.SecureChannelMetrics;
import dev.ockamj.identity.internal.noise.NoiseXx;
import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.IncomingAccessControl;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.spi.NodeSpi;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ockam secure channels on one node, with one identity of the node's own: end-to-end encrypted, mutually
 * authenticated channels (Noise XX, X25519, AES-256-GCM, SHA-256) over any route, byte-compatible with Ockam's.
 * Thread-safe.
 */
public final class SecureChannels {
    private final Node node;
    private final OwnIdentity own;
    private final ConcurrentHashMap<Address, SecureChannel> byAddress = new ConcurrentHashMap<>();
    private final SecureChannelMetrics metrics;

    private SecureChannels(Node node, OwnIdentity own) {
        this.node = node;
        this.own = own;
        this.metrics = new SecureChannelMetrics(NodeSpi.of(node));
    }

    /**
     * Secure channels for {@code node} with a new Ed25519 identity (kept in memory only).
     *
     * @param node a started node
     * @return the node's secure channels
     */
    public static SecureChannels create(Node node) {
        return create(node, IdentitySecrets.generate());
    }

    /**
     * Secure channels for {@code node} with an identity it keeps across restarts.
     *
     * @param node a started node
     * @param secrets the identity's secrets, e.g. read back from where {@link IdentitySecrets#export()} went
     * @return the node's secure channels
     */
    public static SecureChannels create(Node node, IdentitySecrets secrets) {
        return new SecureChannels(node, secrets.own());
    }

    /**
     * This node's identity, as peers see it.
     *
     * @return this node's identity, as peers see it
     */
    public Identity identity() {
        return Identity.of(own.history());
    }

    /**
     * Starts a listener at {@code address}: peers open channels by sending their first handshake message there.
     * Its channels deliver only to the workers {@code options} allow.
     *
     * @param address the listener's LOCAL address, e.g. {@code api}
     * @param options trust and the allowed workers
     * @return the listener
     * @throws OckamException ADDRESS_TAKEN if the address has an owner
     */
    public SecureChannelListener createListener(String address, SecureChannelListenerOptions options) {
        FlowControlId flow = FlowControlId.random();
        for (Address a : options.allowed()) {
            node.flowControls().addConsumer(a, flow);
        }
        Address at = Address.parse(address);
        TrustPolicy trust = options.trustPolicy();
        byte[] credential = options.credential();
        List<dev.ockamj.identity.internal.model.ChangeHistory> authorities =
                options.authorities().stream().map(Identity::history).toList();
        node.startWorker(List.of(at), new ListenerWorker(
                () -> new ChannelHandshake(NoiseXx.Role.RESPONDER, own, trust, credential, authorities),
                options.handshakeTimeout(), () -> newState(false, at.valueString(), FlowControlId.childOf(flow))));
        return new SecureChannelListener(at, flow);
    }

    /**
     * Opens a channel to the listener at the end of {@code route} and waits for the handshake.
     *
     * @param route the route to the peer's listener, e.g. {@code [tcp connection, api]}
     * @param options timeout, trust, allowed workers
     * @return the open channel
     * @throws OckamException TIMEOUT if the handshake does not finish in time, ACCESS_DENIED if the peer is not
     *     trusted, DECODE if the peer's identity does not verify
     */
    public SecureChannel createSecureChannel(Route route, SecureChannelOptions options) {
        try {
            return createSecureChannelAsync(route, options).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof OckamException o ? o
                    : new OckamException(OckamException.Kind.INTERNAL, String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OckamException(OckamException.Kind.INTERNAL, "interrupted while opening a secure channel", e);
        }
    }

    /**
     * {@link #createSecureChannel} without blocking: for workers, which must not wait for the handshake (it needs
     * the node's threads).
     *
     * @param route the route to the peer's listener
     * @param options timeout, trust, allowed workers
     * @return completes with the open channel, or with the OckamException {@link #createSecureChannel} throws
     */
    public java.util.concurrent.CompletionStage<SecureChannel> createSecureChannelAsync(Route route, SecureChannelOptions options) {
        FlowControlId flow = FlowControlId.random();
        for (Address a : options.allowed()) {
            node.flowControls().addConsumer(a, flow);
        }
        ChannelState state = newState(true, "", flow);
        state.remoteRoute(route);
        HandshakeWorker.start(node, state,
                new ChannelHandshake(NoiseXx.Role.INITIATOR, own, options.trustPolicy(), options.credential(),
                        options.authorities().stream().map(Identity::history).toList()), route);
        return state.ready().orTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS).handle((peer, error) -> {
            if (error == null) {
                return register(state);
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                state.handshakeTimedOut(); // counted before close() would count it as closed
            }
            state.close();
            if (cause instanceof TimeoutException) {
                throw new OckamException(OckamException.Kind.TIMEOUT, "no secure channel with " + route + " within "
                        + options.timeout().toMillis() + " ms (is there a secure channel listener at the end of the route?)");
            }
            if (cause instanceof ChannelHandshake.TrustRefused t) {
                throw new OckamException(OckamException.Kind.ACCESS_DENIED, "the trust policy refuses " + t.peer()
                        + ", the identity at the end of " + route);
            }
            throw new OckamException(OckamException.Kind.DECODE, "the secure channel handshake with " + route
                    + " failed: " + cause.getMessage(), cause);
        });
    }

    private SecureChannel register(ChannelState state) {
        SecureChannel c = byAddress.computeIfAbsent(state.encryptor(), a -> new SecureChannel(state));
        if (!state.isOpen()) { // closed meanwhile: the close's removal may have run before the registration
            byAddress.remove(state.encryptor());
        }
        return c;
    }

    private ChannelState newState(boolean initiator, String listener, FlowControlId flow) {
        ChannelState state = new ChannelState(node, initiator, listener, flow, metrics,
                s -> byAddress.remove(s.encryptor()));
        if (!initiator) { // an initiator's channel is registered where its handshake is awaited
            state.ready().thenAccept(peer -> register(state));
        }
        return state;
    }

    /**
     * The open channels, both those this node opened and those its listeners accepted.
     *
     * @return the open channels, both those this node opened and those its listeners accepted
     */
    public List<SecureChannel> channels() {
        return new ArrayList<>(byAddress.values());
    }

    /**
     * The verified peer a message came from, if it came out of one of these channels: its return route starts
     * with the channel's address, which only the channel's decryptor puts there.
     *
     * @param msg a message a worker received
     * @return the peer's identifier, or empty
     */
    public Optional<Identifier> peerOf(Routed<?> msg) {
        return channelOf(msg).map(SecureChannel::peer);
    }

    /** The channel a message came out of: its return route starts with the channel's address. */
    private Optional<SecureChannel> channelOf(Routed<?> msg) {
        Address first = msg.returnRoute().nextOrNull();
        return Optional.ofNullable(first == null ? null : byAddress.get(first));
    }

    /**
     * The attributes of the peer a message came from, as its verified credentials state them.
     *
     * @param msg a message a worker received
     * @return the attributes; empty if the message did not come out of one of these channels or its peer
     *     presented no credential this side trusts
     */
    public java.util.Map<String, String> attributesOf(Routed<?> msg) {
        return channelOf(msg).map(SecureChannel::attributes).orElse(java.util.Map.of());
    }

    /**
     * @param peers the identifiers allowed
     * @return incoming access control that admits only messages from these peers, through these channels
     */
    public IncomingAccessControl allowPeers(Identifier... peers) {
        List<Identifier> allowed = List.of(peers);
        return msg -> peerOf(msg).map(allowed::contains).orElse(false);
    }

    /**
     * @param name an attribute name, e.g. {@code role}
     * @param value the value it must have, e.g. {@code member}
     * @return incoming access control that admits only messages from peers whose verified credential states it
     */
    public IncomingAccessControl allowAttribute(String name, String value) {
        return msg -> value.equals(attributesOf(msg).get(name));
    }
}
