package dev.ockamj.examples;

import dev.ockamj.node.Context;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;

/** The guide's Echoer: prints what it receives and sends it back along the return route. */
public final class PrintingEchoer implements Worker<String> {
    @Override
    public void handleMessage(Context ctx, Routed<String> msg) {
        System.out.println("Address: " + ctx.address() + ", Received: " + msg.body());
        ctx.send(msg.returnRoute(), msg.body());
    }
}
