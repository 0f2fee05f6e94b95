package dev.ockamj.identity.internal;

import dev.ockamj.identity.TrustPolicy;
import dev.ockamj.identity.internal.noise.NoiseXx;
import dev.ockamj.node.Context;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import java.time.Duration;
import java.util.function.Function;

/**
 * A secure channel listener (listener.rs at fb8fb64): each message that reaches it is a first handshake message;
 * it starts a responder at new addresses and hands the message over. A responder that has not finished within
 * the handshake timeout is stopped, so strangers cannot pile up workers.
 */
public final class ListenerWorker implements Worker<NeutralMessage> {
    private final java.util.function.Supplier<ChannelHandshake> responder;
    private final FlowControlId flow;
    private final Duration handshakeTimeout;
    private final Function<Boolean, ChannelState> newChannel;

    public ListenerWorker(java.util.function.Supplier<ChannelHandshake> responder, FlowControlId flow,
                          Duration handshakeTimeout, Function<Boolean, ChannelState> newChannel) {
        this.responder = responder;
        this.flow = flow;
        this.handshakeTimeout = handshakeTimeout;
        this.newChannel = newChannel;
    }

    public FlowControlId flow() {
        return flow;
    }

    @Override
    public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
        ChannelState state = newChannel.apply(false);
        if (msg.flowControlId() != null) {
            // the rest of the handshake and the channel's messages come through the same connection
            ctx.node().flowControls().addConsumer(state.decryptorRemote(), msg.flowControlId());
        }
        DecryptorWorker.start(ctx, state, responder.get(), null);
        ctx.node().actorSystem().scheduler().scheduleOnce(handshakeTimeout, () -> {
            if (!state.ready().isDone()) {
                state.ready().completeExceptionally(new java.util.concurrent.TimeoutException("handshake timed out"));
                state.close();
            }
        }, ctx.node().actorSystem().executionContext());
        ctx.forward(msg.withOnwardRoute(msg.onwardRoute().replaceNext(state.decryptorRemote())));
    }
}
