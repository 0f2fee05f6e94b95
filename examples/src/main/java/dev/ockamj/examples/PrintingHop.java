package dev.ockamj.examples;

import dev.ockamj.node.Context;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;

/** The guide's Hop: prints, then steps itself off the onward route onto the return route and forwards. */
public final class PrintingHop implements Worker<Object> {
    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        System.out.println("Address: " + ctx.address() + ", Received: " + msg.body());
        ctx.forward(msg.stepForward());
    }
}
