package dev.ockamj.node;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ockam's flow control, simplified: a message that arrived through a flow (a transport listener or
 * connection marks its incoming messages with its {@link FlowControlId}) is delivered only to addresses
 * registered as consumers of that flow. Local messages (no flow id) are not affected.
 *
 * <p>So nothing on a node is reachable from outside until the user says so, e.g. with
 * {@code node.flowControls().addConsumer(Address.local("echoer"), listener.flowControlId())}.
 */
public final class FlowControls {

    private final ConcurrentHashMap<Address, Set<FlowControlId>> consumers = new ConcurrentHashMap<>();

    FlowControls() {
    }

    /** Lets messages of flow {@code id} reach {@code address}. */
    public void addConsumer(Address address, FlowControlId id) {
        consumers.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(id);
    }

    public void removeConsumer(Address address, FlowControlId id) {
        consumers.computeIfPresent(address, (a, set) -> {
            set.remove(id);
            return set.isEmpty() ? null : set;
        });
    }

    public boolean isConsumer(Address address, FlowControlId id) {
        Set<FlowControlId> ids = consumers.get(address);
        return ids != null && ids.contains(id);
    }

    /** Forgets every flow of {@code address} (called when its worker stops). */
    void removeAll(Address address) {
        consumers.remove(address);
    }
}
