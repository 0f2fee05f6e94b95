package dev.ockamj.identity.internal;

import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.internal.channel.Channel;
import dev.ockamj.identity.internal.channel.ChannelMessage;
import dev.ockamj.identity.internal.noise.HandshakeException;
import dev.ockamj.identity.internal.noise.NoiseXx;
import dev.ockamj.node.Context;
import dev.ockamj.node.IncomingAccessControl;
import dev.ockamj.node.Node;
import dev.ockamj.node.OutgoingAccessControl;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.WorkerBuilder;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.node.spi.Payloads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's worker, at its decryptor internal address (handshake_worker.rs at fb8fb64): it runs the handshake
 * with what the {@link DecryptorRecipient} hands it, then opens the channel (the encryptor's address, the
 * decryptor's key), checks credentials the peer presents again, and tells the peer when the channel closes with
 * the node. Only the channel's decryptor can reach it. A handshake that fails closes the channel.
 */
public final class HandshakeWorker implements Worker<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeWorker.class);

    private final ChannelState state;
    private final ChannelHandshake handshake;
    private final DecryptorRecipient decryptor;
    private final Route firstRoute; // the initiator's route to the listener
    private int step;

    private HandshakeWorker(ChannelState state, ChannelHandshake handshake, DecryptorRecipient decryptor, Route firstRoute) {
        this.state = state;
        this.handshake = handshake;
        this.decryptor = decryptor;
        this.firstRoute = firstRoute;
    }

    /**
     * Starts a channel side: its decryptor and its worker; an initiator's sends the first handshake message along
     * {@code firstRoute}.
     */
    public static void start(Node node, ChannelState state, ChannelHandshake handshake, Route firstRoute) {
        DecryptorRecipient decryptor = new DecryptorRecipient(state);
        state.decryptor(decryptor);
        NodeSpi.of(node).register(state.decryptorRemote(), decryptor);
        try {
            WorkerBuilder.of(new HandshakeWorker(state, handshake, decryptor, firstRoute))
                    // only the decryptor hands it messages: nothing else sends from the decryptor's address
                    .address(state.decryptorInternal(), m -> state.decryptorRemote().equals(m.source())
                            && m.flowControlId() == null, OutgoingAccessControl.allowAll())
                    .start(node);
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    @Override
    public void initialize(Context ctx) {
        if (handshake.role() == NoiseXx.Role.INITIATOR) {
            send(ctx, firstRoute, handshake.start());
        }
    }

    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        try {
            if (state.isClosed()) {
                return;
            }
            if (msg.body() instanceof ChannelMessage.RefreshCredentials refresh) {
                refresh(refresh);
            } else if (!handshake.isDone()) {
                handshakeStep(ctx, msg);
            } else {
                // arrived while the handshake ended: in the order the peer sent it, after those before it
                decryptor.open(msg, () -> { });
            }
        } finally {
            decryptor.takenByWorker();
        }
    }

    private void handshakeStep(Context ctx, Routed<Object> msg) {
        byte[] bytes = Payloads.encode(msg.body());
        try {
            if (handshake.role() == NoiseXx.Role.RESPONDER && step == 0) {
                state.remoteRoute(msg.returnRoute());
                byte[] m2 = handshake.onMessage1(bytes);
                step = 1;
                send(ctx, msg.returnRoute(), m2);
            } else if (handshake.role() == NoiseXx.Role.RESPONDER) {
                handshake.onMessage3(bytes);
                finish();
            } else {
                byte[] m3 = handshake.onMessage2(bytes);
                state.remoteRoute(msg.returnRoute()); // from now on: the responder's decryptor, not its listener
                send(ctx, msg.returnRoute(), m3);
                finish();
            }
        } catch (HandshakeException | IdentityException | ChannelHandshake.TrustRefused | dev.ockamj.node.OckamException e) {
            LOG.warn("secure channel handshake ({} at {}) failed with the peer at {}: {}", handshake.role().name().toLowerCase(),
                    state.decryptorRemote(), msg.returnRoute(), e.getMessage());
            state.handshakeFailed(e instanceof ChannelHandshake.TrustRefused
                    ? SecureChannelMetrics.HandshakeFailure.TRUST_REFUSED
                    : e instanceof IdentityException ? SecureChannelMetrics.HandshakeFailure.BAD_IDENTITY
                    : SecureChannelMetrics.HandshakeFailure.BAD_MESSAGE);
            state.ready().completeExceptionally(e);
            state.close();
        }
    }

    /** Handshake messages go from the decryptor's remote address: the peer answers there. */
    private void send(Context ctx, Route to, byte[] message) {
        ctx.forward(Routed.of(NeutralMessage.wrap(message), to, Route.of(state.decryptorRemote()), state.decryptorInternal()));
    }

    private void finish() {
        NoiseXx.Keys keys = handshake.keys();
        Channel.Sender sender = new Channel.Sender(keys.encryptionKey());
        Channel.Receiver receiver = new Channel.Receiver(keys.decryptionKey());
        SecureChannelMetrics.ChannelMeters meters = state.openMeters(sender, receiver);
        EncryptorRecipient encryptor = new EncryptorRecipient(state, sender, handshake::refreshMessage, meters);
        state.encryptor(encryptor);
        NodeSpi.of(state.node()).register(state.encryptor(), encryptor);
        decryptor.open(receiver, meters);
        state.established(handshake.peer(), handshake.peerAttributes());
        state.closeWithFirstHop();
        LOG.debug("secure channel {} to {} established", state.encryptor(), handshake.peer());
    }

    private void refresh(ChannelMessage.RefreshCredentials refresh) {
        java.util.Map<String, String> attributes = handshake.onRefresh(refresh.encoded());
        if (attributes != null) {
            state.attributes(attributes);
            LOG.debug("secure channel {}: {} presented credentials again: {}", state.encryptor(), state.peer(),
                    attributes.keySet());
        }
    }

    /** The node stops: the peer hears the channel close. */
    @Override
    public void shutdown(Context ctx) {
        state.close();
    }
}
