package dev.ockamj.node.relay;

import dev.ockamj.node.FlowControlId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link RelayService}. By default nothing outside the node reaches the service or its relays: name
 * the flows (a TCP listener's {@code flowControlId()}, a secure channel listener's) through which registrations
 * may arrive and relays may be used, with {@link #reachableThrough}. Not thread-safe; a service copies them.
 */
public final class RelayServiceOptions {
    private String prefix = "forward_to_";
    private final List<FlowControlId> flows = new ArrayList<>();

    private RelayServiceOptions() {
    }

    /**
     * New options: prefix {@code forward_to_} (as Ockam's nodes), reachable through no flow.
     *
     * @return new options
     */
    public static RelayServiceOptions defaults() {
        return new RelayServiceOptions();
    }

    /**
     * What a relay's address is: the prefix, then the name it was registered with.
     *
     * @param prefix e.g. {@code forward_to_} (Ockam's command) or empty (Ockam's library default)
     * @return these options
     */
    public RelayServiceOptions prefix(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /**
     * Lets messages that arrive through these flows reach the service (so peers may register) and every relay it
     * creates (so peers may send through them). Ockam: {@code service_as_consumer} and {@code relay_as_consumer}.
     *
     * @param ids flows, e.g. a TCP listener's
     * @return these options
     */
    public RelayServiceOptions reachableThrough(FlowControlId... ids) {
        for (FlowControlId id : ids) {
            flows.add(Objects.requireNonNull(id, "flow control id"));
        }
        return this;
    }

    String prefix() {
        return prefix;
    }

    List<FlowControlId> flows() {
        return List.copyOf(flows);
    }
}
