package dev.ockamj.identity;

import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A middle node's relay between a client and a server's connection: it passes every frame on (stepping itself onto
 * the return route), keeps the last one towards the server, and applies a tamper set for the next one.
 */
final class TamperingRelay implements Worker<NeutralMessage> {
    private final Address toServer;
    private final AtomicReference<byte[]> lastFromClient;
    private final AtomicReference<UnaryOperator<byte[]>> tamper;

    TamperingRelay(Address toServer, AtomicReference<byte[]> lastFromClient,
                   AtomicReference<UnaryOperator<byte[]>> tamper) {
        this.toServer = toServer;
        this.lastFromClient = lastFromClient;
        this.tamper = tamper;
    }

    @Override
    public void handleMessage(Context ctx, Routed<NeutralMessage> msg) {
        byte[] bytes = msg.body().bytes();
        if (msg.onwardRoute().size() > 1 && msg.onwardRoute().get(1).equals(toServer)) {
            lastFromClient.set(bytes.clone());
            UnaryOperator<byte[]> t = tamper.getAndSet(null);
            if (t != null) {
                bytes = t.apply(bytes);
            }
        }
        ctx.forward(msg.withBody(NeutralMessage.wrap(bytes)).withOnwardRoute(msg.onwardRoute().step())
                .withReturnRoute(msg.returnRoute().prepend(Address.local("relay"))));
    }
}
