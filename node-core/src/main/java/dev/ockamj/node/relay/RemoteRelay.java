package dev.ockamj.node.relay;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.WorkerBuilder;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A relay registered on another node, from the side that registers it (Ockam's {@code RemoteRelay}): messages
 * sent to {@link #remoteAddress()} on the relay node come to this node over the route it registered through. It
 * stays registered: when the route's first hop (a TCP connection, a secure channel) goes away, or the relay
 * service does not answer, it asks {@code relayNode} for a new route and registers again, after a delay that grows
 * on each failure.
 *
 * <p>Threads: every method is thread-safe.
 */
public final class RemoteRelay implements AutoCloseable {
    private final Node node;
    private final RemoteRelayWorker worker;

    private RemoteRelay(Node node, RemoteRelayWorker worker) {
        this.node = node;
        this.worker = worker;
    }

    /**
     * Registers {@code name} on the relay node, and keeps it registered.
     *
     * @param node this node
     * @param relayNode gives the route to the relay node (without the service's address), e.g.
     *     {@code () -> Route.of(tcp.connect("relay:4000").address())}; called for each registration, and may throw
     *     (the registration is tried again later)
     * @param name the relay's name ({@code forward_to_NAME} on an Ockam node); null for a random name, as
     *     Ockam's ephemeral relays
     * @param options which workers here may be reached through the relay, timeouts
     * @return the relay, registering; {@link #registered()} completes when it first is
     */
    public static RemoteRelay create(Node node, Supplier<Route> relayNode, String name, RemoteRelayOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(relayNode, "relayNode");
        if (name != null && (name.isEmpty() || name.length() > RelayServiceWorker.MAX_NAME_LENGTH)) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "a relay's name has 1 to "
                    + RelayServiceWorker.MAX_NAME_LENGTH + " characters");
        }
        RemoteRelayWorker w = new RemoteRelayWorker(relayNode, name, options);
        WorkerBuilder.of(w).address(w.address()).start(node);
        return new RemoteRelay(node, w);
    }

    /**
     * {@link #create(Node, Supplier, String, RemoteRelayOptions)} over a fixed route: registered again over the
     * same route when the service stops answering, not when the route's first hop is gone for good.
     *
     * @param node this node
     * @param relayNode the route to the relay node, e.g. a TCP connection's address
     * @param name the relay's name, or null for a random one
     * @param options which workers here may be reached through the relay, timeouts
     * @return the relay, registering
     */
    public static RemoteRelay create(Node node, Route relayNode, String name, RemoteRelayOptions options) {
        Objects.requireNonNull(relayNode, "relayNode");
        return create(node, () -> relayNode, name, options);
    }

    /**
     * Completes when the relay is first registered; exceptionally (NODE_STOPPED) if it is closed before.
     *
     * @return a stage completing with this relay
     */
    public CompletionStage<RemoteRelay> registered() {
        return worker.firstRegistration().thenApply(v -> this);
    }

    /**
     * The name asked for.
     *
     * @return the name, or null for a random one
     */
    public String name() {
        return worker.name();
    }

    /**
     * The relay's address on the relay node, e.g. {@code forward_to_n2}.
     *
     * @return its address, or null until first registered
     */
    public String remoteAddress() {
        return worker.remoteAddress();
    }

    /**
     * The route from this node to the relay, e.g. {@code [connection, forward_to_n2]}.
     *
     * @return the route, or null until first registered
     */
    public Route forwardingRoute() {
        return worker.forwardingRoute();
    }

    /**
     * Whether the relay is registered now (false while the way to the relay node is being made again).
     *
     * @return true if registered
     */
    public boolean isRegistered() {
        return worker.isRegistered();
    }

    /**
     * The local address this side registered from.
     *
     * @return its address
     */
    public Address address() {
        return worker.address();
    }

    /** Stops registering. The relay on the other node ends when the connection under it closes. */
    @Override
    public void close() {
        worker.close();
        if (node.hasAddress(worker.address())) {
            try {
                node.stopWorker(worker.address());
            } catch (OckamException e) {
                // stopped meanwhile
            }
        }
    }

    @Override
    public String toString() {
        return "RemoteRelay(" + (name() == null ? "random" : name()) + " → " + forwardingRoute() + ")";
    }
}
