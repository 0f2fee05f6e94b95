package dev.ockamj.node;

/**
 * Sends every message back along its return route, body unchanged. A message from another node comes back
 * with exactly the payload bytes it carried (like the {@code echo} service of an {@code ockam node}).
 */
public final class Echoer implements Worker<Object> {
    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        ctx.send(msg.returnRoute(), msg.body());
    }
}
