package dev.ockamj.node.relay;

import dev.ockamj.node.Address;
import dev.ockamj.node.Cancellable;
import dev.ockamj.node.Context;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.spi.NodeSpi;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registering side (remote/worker.rs and lifecycle.rs at fb8fb64): sends the name to the service, takes the
 * relay's answer, and registers again when the way to it fails. Its own timers and the news that a hop is gone
 * come to it as local messages, so all of its state is touched on its own thread.
 */
final class RemoteRelayWorker implements Worker<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRelay.class);

    private record Attempt(long id) {
    }

    private record Timeout(long id) {
    }

    private record HopGone(long id) {
    }

    private final Address address = Address.random();
    private final Supplier<Route> relayNode;
    private final String name;
    private final RemoteRelayOptions options;
    private final CompletableFuture<Void> first = new CompletableFuture<>();
    private volatile String remoteAddress;
    private volatile Route forwardingRoute;
    private volatile boolean registered;
    private volatile boolean closed;
    private long attempt;
    private Duration delay;
    private Cancellable hopWatch;
    private boolean failureLogged;

    RemoteRelayWorker(Supplier<Route> relayNode, String name, RemoteRelayOptions options) {
        this.relayNode = relayNode;
        this.name = name;
        this.options = options;
        this.delay = options.retryDelay();
    }

    @Override
    public void initialize(Context ctx) {
        register(ctx);
    }

    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        Object body = msg.body();
        if (closed) {
            return;
        }
        if (body instanceof Attempt a && a.id() == attempt) {
            register(ctx);
        } else if (body instanceof Timeout t && t.id() == attempt && !registered) {
            retry(ctx, "the relay service did not answer within " + options.timeout().toMillis() + " ms");
        } else if (body instanceof HopGone g && g.id() == attempt) {
            registered = false;
            retry(ctx, "the route to the relay node is gone");
        } else if (body instanceof String || body instanceof NeutralMessage) {
            answered(ctx, msg, body instanceof String s ? s
                    : Bare.decode(((NeutralMessage) body).unsafeBytes(), String.class));
        }
    }

    private void register(Context ctx) {
        attempt++;
        Route route;
        try {
            route = relayNode.get();
        } catch (RuntimeException e) {
            retry(ctx, "no route to the relay node: " + e.getMessage());
            return;
        }
        String service = name == null ? RelayService.ADDRESS : RelayService.STATIC_ADDRESS;
        try {
            ctx.send(route.append(Address.local(service)), name == null ? "register" : name);
        } catch (OckamException e) {
            retry(ctx, e.getMessage());
            return;
        }
        ctx.sendDelayed(options.timeout(), Route.of(address), new Timeout(attempt));
    }

    private void answered(Context ctx, Routed<Object> msg, String relayName) {
        Address relay = msg.returnRoute().isEmpty() ? null : msg.returnRoute().get(msg.returnRoute().size() - 1);
        if (registered || relay == null || !relay.isLocal() || (name != null && !relayName.endsWith(name))) {
            LOG.warn("remote relay {}: unexpected answer '{}' from {}", address, Printable.escape(relayName, 200),
                    msg.returnRoute());
            return;
        }
        var flow = msg.flowControlId();
        if (flow != null) {
            for (Address a : options.allowed()) {
                ctx.node().flowControls().addConsumer(a, flow);
            }
        }
        remoteAddress = relay.valueString();
        forwardingRoute = msg.returnRoute();
        registered = true;
        delay = options.retryDelay();
        LOG.info("remote relay {} registered: {} {}", address, forwardingRoute,
                failureLogged ? "(again)" : "");
        failureLogged = false;
        Address hop = forwardingRoute.next();
        if (hopWatch != null) {
            hopWatch.cancel();
        }
        long id = attempt;
        hopWatch = hop.isLocal() && !hop.equals(relay)
                ? NodeSpi.of(ctx.node()).whenGone(hop, () -> sendToSelf(ctx, new HopGone(id))) : null;
        first.complete(null);
    }

    private void sendToSelf(Context ctx, Object message) {
        try {
            ctx.send(Route.of(address), message);
        } catch (OckamException e) {
            // the node is stopping
        }
    }

    private void retry(Context ctx, String why) {
        if (!failureLogged) { // once per outage, not once per attempt
            LOG.warn("remote relay {} ({}): {}; registering again every {} ms at most", address,
                    name == null ? "random name" : name, why, options.maxRetryDelay().toMillis());
            failureLogged = true;
        } else {
            LOG.debug("remote relay {}: {}", address, why);
        }
        attempt++;
        ctx.sendDelayed(delay, Route.of(address), new Attempt(attempt));
        Duration next = delay.multipliedBy(2);
        delay = next.compareTo(options.maxRetryDelay()) > 0 ? options.maxRetryDelay() : next;
    }

    @Override
    public void shutdown(Context ctx) {
        close();
        if (hopWatch != null) {
            hopWatch.cancel();
        }
    }

    void close() {
        closed = true;
        registered = false;
        first.completeExceptionally(new OckamException(OckamException.Kind.NODE_STOPPED, "the remote relay is closed"));
    }

    Address address() {
        return address;
    }

    String name() {
        return name;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    Route forwardingRoute() {
        return forwardingRoute;
    }

    boolean isRegistered() {
        return registered;
    }

    CompletableFuture<Void> firstRegistration() {
        return first;
    }
}
