package dev.ockamj.node;

/**
 * Relays every message one hop on: steps its own address off the onward route, pushes it onto the return
 * route (so replies come back through it) and forwards the message with its body untouched.
 */
public final class Hop implements Worker<Object> {
    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        ctx.forward(msg.stepForward());
    }
}
