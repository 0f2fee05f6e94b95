package dev.ockamj.node;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import dev.ockamj.node.internal.NodeInternals;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.node.spi.Recipient;
import dev.ockamj.node.spi.TransportRouter;
import java.util.Objects;

/** A node's {@link NodeSpi} handle, a thin facade over its router. */
final class NodeSpiImpl implements NodeSpi {

    static final NodeInternals.Access ACCESS = new NodeInternals.Access() {
        @Override
        public NodeSpi spi(Node node) {
            return Objects.requireNonNull(node, "node").spi();
        }

        @Override
        public boolean deferToEndOfBurst(Runnable action) {
            return Burst.defer(Objects.requireNonNull(action, "action"));
        }
    };

    private final Node node;
    private final Router router;

    NodeSpiImpl(Node node, Router router) {
        this.node = node;
        this.router = router;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public Optional<MeterRegistry> meterRegistry() {
        return Optional.ofNullable(router.metrics.registry());
    }

    @Override
    public boolean tracing() {
        return router.tracing != null;
    }

    @Override
    public void registerTransport(int type, TransportRouter transportRouter) {
        router.registerTransport(type, Objects.requireNonNull(transportRouter, "router"));
    }

    @Override
    public void route(Routed<?> msg) {
        router.route(msg);
    }

    @Override
    public void route(Routed<?> msg, Runnable consumed) {
        router.route(msg, Objects.requireNonNull(consumed, "consumed"));
    }

    @Override
    public void failRequests(Routed<?> msg, OckamException error) {
        router.failRequests(msg, error);
    }

    @Override
    public void failRequestAt(Address address, OckamException error) {
        router.failRequestAt(address, error);
    }

    @Override
    public void register(Address address, Recipient recipient) {
        if (router.isStopping()) {
            throw new OckamException(OckamException.Kind.NODE_STOPPED, "node '" + node.name() + "' is stopping");
        }
        router.register(address, Objects.requireNonNull(recipient, "recipient"));
    }

    @Override
    public void unregister(Address address, Recipient recipient) {
        router.unregister(recipient, address);
    }

    @Override
    public Cancellable whenGone(Address address, Runnable action) {
        return router.whenGone(Objects.requireNonNull(address, "address"), Objects.requireNonNull(action, "action"));
    }
}
