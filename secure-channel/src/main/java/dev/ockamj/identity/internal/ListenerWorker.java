package dev.ockamj.identity.internal;

import dev.ockamj.node.Context;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A secure channel listener (listener.rs at fb8fb64): each message that reaches it is a first handshake message;
 * it starts a responder at new addresses and hands the message over. A responder that has not finished within
 * the handshake timeout is stopped, so strangers cannot pile up workers.
 */
public final class ListenerWorker implements Worker<NeutralMessage> {
    private final Supplier<ChannelHandshake> responder;
    private final Duration handshakeTimeout;
    private final Supplier<ChannelState> newChannel;

    /**
     * @param responder a new responder's handshake
     * @param newChannel a new responder channel's state (its flow a child of the listener's)
     */
    public ListenerWorker(Supplier<ChannelHandshake> responder, Duration handshakeTimeout, Supplier<ChannelState> newChannel) {
        this.responder = responder;
        this.handshakeTimeout = handshakeTimeout;
        this.newChannel = newChannel;
    }

    @Override
    public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
        ChannelState state = newChannel.get();
        if (msg.flowControlId() != null) {
            // the rest of the handshake and the channel's messages come through the same connection
            ctx.node().flowControls().addConsumer(state.decryptorRemote(), msg.flowControlId());
        }
        HandshakeWorker.start(ctx.node(), state, responder.get(), null);
        ctx.node().actorSystem().scheduler().scheduleOnce(handshakeTimeout, () -> {
            if (!state.ready().isDone()) {
                state.handshakeFailed(SecureChannelMetrics.HandshakeFailure.TIMEOUT);
                state.ready().completeExceptionally(new java.util.concurrent.TimeoutException("handshake timed out"));
                state.close();
            }
        }, ctx.node().actorSystem().executionContext());
        ctx.forward(msg.withOnwardRoute(msg.onwardRoute().replaceNext(state.decryptorRemote())));
    }
}
