package dev.ockamj.node.relay;

import dev.ockamj.node.Address;
import dev.ockamj.node.Cancellable;
import dev.ockamj.node.Context;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.spi.NodeSpi;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay (relay.rs at fb8fb64): answers the registration with its full name, then puts the way back to the
 * registering node in front of what follows it in every message's onward route.
 */
final class RelayWorker implements Worker<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(RelayService.class);
    private final Address address;
    private final Route registrationRoute;
    private final Route forwardRoute;
    private final FlowControlId registrationFlow;
    private final Consumer<RelayWorker> ended;
    private Cancellable hopWatch;
    private Address lastAllowed;

    RelayWorker(Address address, Route registrationRoute, FlowControlId registrationFlow, Consumer<RelayWorker> ended) {
        this.address = address;
        this.registrationRoute = registrationRoute;
        this.registrationFlow = registrationFlow;
        this.ended = ended;
        // the registration's return route ends at the remote relay's own address; what we forward goes past it
        java.util.List<Address> hops = registrationRoute.addresses();
        this.forwardRoute = Route.of(hops.subList(0, hops.size() - 1));
    }

    Address address() {
        return address;
    }

    Route forwardRoute() {
        return forwardRoute;
    }

    @Override
    public void initialize(Context ctx) {
        ctx.send(registrationRoute, address.valueString());
        Address first = forwardRoute.nextOrNull();
        if (first != null && first.isLocal()) {
            hopWatch = NodeSpi.of(ctx.node()).whenGone(first, () -> {
                LOG.info("relay {} ends: {}, the way to the node that registered it, is gone", address, first);
                try {
                    ctx.node().stopWorker(address);
                } catch (RuntimeException e) {
                    // stopped meanwhile
                }
            });
        }
    }

    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        Route onward = forwardRoute.append(msg.onwardRoute().step());
        Address prev = msg.returnRoute().nextOrNull();
        if (registrationFlow != null && prev != null && prev.isLocal() && !prev.equals(lastAllowed)) {
            // replies come back through the registering node's connection: let them reach the sender
            ctx.node().flowControls().addConsumer(prev, registrationFlow);
            lastAllowed = prev;
        }
        ctx.forward(msg.withOnwardRoute(onward));
    }

    @Override
    public void shutdown(Context ctx) {
        if (hopWatch != null) {
            hopWatch.cancel();
        }
        ended.accept(this);
    }
}
