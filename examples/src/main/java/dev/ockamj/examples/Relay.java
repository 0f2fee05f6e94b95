package dev.ockamj.examples;

import dev.ockamj.node.Context;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;

/**
 * The guide's Relay: replaces its own hop with a predefined route (e.g. a TCP connection) and forwards. The
 * return route is left as it is, so replies travel straight back the way the message came.
 */
public final class Relay implements Worker<Object> {
    private final Route route;

    public Relay(Route route) {
        this.route = route;
    }

    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        System.out.println("Address: " + ctx.address() + ", Received: " + msg.body());
        Route onward = route.append(msg.onwardRoute().step());
        ctx.forward(msg.withOnwardRoute(onward));
    }
}
