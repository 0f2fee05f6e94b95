package dev.ockamj.identity.internal;

import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.internal.channel.Channel;
import dev.ockamj.identity.internal.channel.ChannelException;
import dev.ockamj.identity.internal.channel.ChannelMessage;
import dev.ockamj.identity.internal.noise.HandshakeException;
import dev.ockamj.identity.internal.noise.NoiseXx;
import dev.ockamj.node.Context;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.WorkerBuilder;
import dev.ockamj.node.IncomingAccessControl;
import dev.ockamj.node.OutgoingAccessControl;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.spi.NodeSpi;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel's worker at its decryptor remote address, as Ockam's handshake worker: it runs the handshake, then
 * decrypts the peer's messages and delivers them, from its decryptor internal address and under the channel's
 * flow, with the channel's address in front of their return route so that replies go back encrypted
 * (handshake_worker.rs, decryptor.rs at fb8fb64). A handshake that fails stops the channel's workers; a message
 * that does not decrypt is dropped and the channel goes on.
 */
public final class DecryptorWorker implements Worker<NeutralMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(DecryptorWorker.class);
    private static final AtomicLong REFUSED = new AtomicLong();

    private final ChannelState state;
    private final ChannelHandshake handshake;
    private final Route firstRoute; // the initiator's route to the listener
    private Channel.Receiver receiver;
    private long lastNonce = -1;
    private int step;

    DecryptorWorker(ChannelState state, ChannelHandshake handshake, Route firstRoute) {
        this.state = state;
        this.handshake = handshake;
        this.firstRoute = firstRoute;
    }

    /** Starts a channel side's worker; an initiator's sends the first handshake message along {@code firstRoute}. */
    public static void start(Context ctx, ChannelState state, ChannelHandshake handshake, Route firstRoute) {
        WorkerBuilder.of(new DecryptorWorker(state, handshake, firstRoute))
                .address(state.decryptorRemote())
                // nothing may send to the internal address: it is only the source of what comes out of the channel
                .address(state.decryptorInternal(), IncomingAccessControl.denyAll(), OutgoingAccessControl.allowAll())
                .start(ctx);
    }

    @Override
    public void initialize(Context ctx) {
        if (handshake.role() == NoiseXx.Role.INITIATOR) {
            ctx.sendFrom(state.decryptorRemote(), firstRoute, NeutralMessage.wrap(handshake.start()));
        }
    }

    @Override
    public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
        if (state.isClosed()) {
            return;
        }
        if (receiver == null) {
            handshakeStep(ctx, msg);
        } else {
            decrypt(ctx, msg);
        }
    }

    private void handshakeStep(Context ctx, Routed<NeutralMessage> msg) {
        byte[] bytes = msg.body().bytes();
        try {
            if (handshake.role() == NoiseXx.Role.RESPONDER && step == 0) {
                state.remoteRoute(msg.returnRoute());
                byte[] m2 = handshake.onMessage1(bytes);
                step = 1;
                ctx.sendFrom(state.decryptorRemote(), msg.returnRoute(), NeutralMessage.wrap(m2));
            } else if (handshake.role() == NoiseXx.Role.RESPONDER) {
                handshake.onMessage3(bytes);
                finish(ctx);
            } else {
                byte[] m3 = handshake.onMessage2(bytes);
                state.remoteRoute(msg.returnRoute()); // from now on: the responder's decryptor, not its listener
                ctx.sendFrom(state.decryptorRemote(), msg.returnRoute(), NeutralMessage.wrap(m3));
                finish(ctx);
            }
        } catch (HandshakeException | IdentityException | ChannelHandshake.TrustRefused e) {
            LOG.warn("secure channel handshake ({} at {}) failed with the peer at {}: {}", handshake.role().name().toLowerCase(),
                    state.decryptorRemote(), msg.returnRoute(), e.getMessage());
            state.ready().completeExceptionally(e);
            state.close();
        }
    }

    private void finish(Context ctx) {
        NoiseXx.Keys keys = handshake.keys();
        receiver = new Channel.Receiver(keys.decryptionKey());
        WorkerBuilder.of(new EncryptorWorker(state, new Channel.Sender(keys.encryptionKey()), handshake::refreshMessage))
                .address(state.encryptor()).start(ctx);
        state.established(handshake.peer(), handshake.peerAttributes());
        LOG.debug("secure channel {} to {} established", state.encryptor(), handshake.peer());
    }

    private void decrypt(Context ctx, Routed<NeutralMessage> msg) {
        Channel.Received r;
        try {
            r = receiver.receive(msg.body().bytes());
        } catch (ChannelException e) {
            long n = REFUSED.incrementAndGet();
            if (n <= 100 || n % 1000 == 0) { // a flood of forgeries must not flood the log
                LOG.warn("secure channel {} dropped a message from {}: {} ({} refused so far)", state.encryptor(),
                        msg.returnRoute(), e.getMessage(), n);
            }
            return;
        }
        if (r.message() instanceof ChannelMessage.Payload m) {
            if (!state.isInitiator() && r.nonce() > lastNonce) {
                // the initiator's way to us may have changed (a relay, a new connection): answer along the newest
                Route old = state.remoteRoute();
                state.remoteRoute(msg.returnRoute().append(old.addresses().get(old.size() - 1)));
                lastNonce = r.nonce();
            }
            NodeSpi.of(ctx.node()).route(Routed.of(NeutralMessage.wrap(m.payload()), m.onwardRoute(),
                    m.returnRoute().prepend(state.encryptor()), state.decryptorInternal()).withFlowControlId(state.flow()));
        } else if (r.message() instanceof ChannelMessage.Close) {
            LOG.debug("secure channel {} closed by {}", state.encryptor(), state.peer());
            state.markCloseReceived();
            state.close();
        } else if (r.message() instanceof ChannelMessage.RefreshCredentials refresh) {
            java.util.Map<String, String> attributes = handshake.onRefresh(refresh.encoded());
            if (attributes != null) {
                state.attributes(attributes);
                LOG.debug("secure channel {}: {} presented credentials again: {}", state.encryptor(), state.peer(),
                        attributes.keySet());
            }
        }
    }
}
