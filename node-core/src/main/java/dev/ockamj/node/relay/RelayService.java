package dev.ockamj.node.relay;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.WorkerBuilder;
import java.util.List;
import java.util.Objects;

/**
 * Ockam's relay service on a node others can reach: at {@link #ADDRESS} and {@link #STATIC_ADDRESS}, it takes
 * registrations (a name, or {@code register} for a random one) and starts a relay at the prefix and the name that
 * sends everything it receives back along the registration's return route. A registration under a name already
 * in use replaces that relay (the node behind it came back over a new connection); a relay ends when the
 * connection it forwards over closes.
 *
 * <p>Anyone who may reach the service may register any name (as in Ockam without an authority): expose it only
 * through flows whose peers you trust.
 *
 * <p>Threads: every method is thread-safe.
 */
public final class RelayService {
    /** Ockam's address of the service ({@code DefaultAddress::RELAY_SERVICE}). */
    public static final String ADDRESS = "forwarding_service";
    /** The service's alias for named registrations ({@code DefaultAddress::STATIC_RELAY_SERVICE}). */
    public static final String STATIC_ADDRESS = "static_forwarding_service";

    private final Node node;
    private final RelayServiceWorker worker;

    private RelayService(Node node, RelayServiceWorker worker) {
        this.node = node;
        this.worker = worker;
    }

    /**
     * Starts the service at {@link #ADDRESS} and {@link #STATIC_ADDRESS} on {@code node}.
     *
     * @param node a started node
     * @param options the prefix and the flows it is reachable through
     * @return the running service
     * @throws dev.ockamj.node.OckamException ADDRESS_TAKEN if either address is taken
     */
    public static RelayService start(Node node, RelayServiceOptions options) {
        Objects.requireNonNull(node, "node");
        RelayServiceWorker w = new RelayServiceWorker(options.prefix(), options.flows());
        WorkerBuilder.of(w).address(ADDRESS).address(STATIC_ADDRESS).start(node);
        for (var flow : options.flows()) {
            node.flowControls().addConsumer(Address.local(ADDRESS), flow);
            node.flowControls().addConsumer(Address.local(STATIC_ADDRESS), flow);
        }
        return new RelayService(node, w);
    }

    /**
     * The relays running now.
     *
     * @return a snapshot, sorted by address
     */
    public List<Relay> relays() {
        return worker.relays();
    }

    /** Stops the service and every relay it started. */
    public void stop() {
        if (node.hasAddress(Address.local(ADDRESS))) {
            node.stopWorker(Address.local(ADDRESS));
        }
        worker.stopRelays(node);
    }
}
