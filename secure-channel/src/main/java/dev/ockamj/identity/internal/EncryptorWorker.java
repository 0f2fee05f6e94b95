package dev.ockamj.identity.internal;

import dev.ockamj.identity.internal.channel.Channel;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.spi.Payloads;

/**
 * The channel's address: what a local worker sends to it travels encrypted to the peer, with the rest of its
 * onward route and its return route inside (encryptor_worker.rs at fb8fb64). The encrypted message goes with
 * an empty return route, as Ockam's does. Replies to the sender may come back through the channel.
 */
public final class EncryptorWorker implements Worker<Object> {
    private final ChannelState state;
    private final Channel.Sender sender;
    private final java.util.function.UnaryOperator<byte[]> refreshMessage;
    private Address lastConsumer;

    EncryptorWorker(ChannelState state, Channel.Sender sender, java.util.function.UnaryOperator<byte[]> refreshMessage) {
        this.state = state;
        this.sender = sender;
        this.refreshMessage = refreshMessage;
    }

    /** Sent to the channel's address by {@code SecureChannel.presentCredential}: present a credential again. */
    public record PresentCredential(byte[] credential) {
    }

    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        if (msg.body() instanceof PresentCredential p) { // a local object: nothing from the wire is one
            byte[] frame = sender.refreshCredentials(refreshMessage.apply(p.credential()));
            ctx.forward(Routed.of(NeutralMessage.wrap(frame), state.remoteRoute(), Route.empty(), state.encryptor()));
            return;
        }
        Route back = msg.returnRoute();
        Address first = back.nextOrNull();
        if (first != null && first.isLocal() && !first.equals(lastConsumer)) {
            ctx.node().flowControls().addConsumer(first, state.flow()); // its reply may come out of the channel
            lastConsumer = first;
        }
        byte[] frame = sender.payload(msg.onwardRoute().step(), back, Payloads.encode(msg.body()));
        ctx.forward(Routed.of(NeutralMessage.wrap(frame), state.remoteRoute(), Route.empty(), state.encryptor()));
    }

    @Override
    public void shutdown(Context ctx) {
        if (!state.closeReceived() && state.remoteRoute() != null) {
            try {
                ctx.forward(Routed.of(NeutralMessage.wrap(sender.close()), state.remoteRoute(), Route.empty(),
                        state.encryptor()));
            } catch (RuntimeException e) {
                // the node is stopping or the route is gone: the peer's channel ends with its connection
            }
        }
        state.close();
    }
}
