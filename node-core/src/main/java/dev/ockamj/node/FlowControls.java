package dev.ockamj.node;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ockam's flow control, simplified: a message that arrived through a flow (a transport marks its incoming
 * messages with the {@link FlowControlId} of the connection) is delivered only to addresses registered as
 * consumers of that flow or of its parent (the listener). Local messages (no flow id) are not affected.
 *
 * <p>So nothing on a node is reachable from outside until the user says so, e.g. by naming allowed workers in
 * the TCP listener's options, which calls {@link #addConsumer} with the listener's flow id.
 *
 * <p>Thread-safe: the node's router reads it on every sender's thread, and transports change it on theirs.
 */
public final class FlowControls {

    private final ConcurrentHashMap<Address, Set<FlowControlId>> byAddress = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FlowControlId, Set<Address>> byFlow = new ConcurrentHashMap<>();

    FlowControls() {
    }

    /**
     * Lets messages of flow {@code id} (and of its child flows) reach {@code address}.
     *
     * @param address the consumer, e.g. a worker's address
     * @param id the flow, e.g. a listener's (then every connection it accepts) or one connection's
     */
    public void addConsumer(Address address, FlowControlId id) {
        add(byAddress, address, id);
        add(byFlow, id, address);
    }

    /**
     * Undoes {@link #addConsumer}: messages of flow {@code id} no longer reach {@code address} (unless it is a
     * consumer of their parent flow).
     *
     * @param address the consumer
     * @param id the flow it was registered for
     */
    public void removeConsumer(Address address, FlowControlId id) {
        remove(byAddress, address, id);
        remove(byFlow, id, address);
    }

    /**
     * Whether a message of flow {@code id} may reach {@code address}.
     *
     * @param address the destination
     * @param id the flow the message arrived through, not null
     * @return true if {@code address} is a consumer of {@code id} or of its parent
     */
    public boolean isConsumer(Address address, FlowControlId id) {
        Set<FlowControlId> ids = byAddress.get(address);
        return ids != null && (ids.contains(id) || id.parent() != null && ids.contains(id.parent()));
    }

    /**
     * The addresses registered for exactly {@code id}.
     *
     * @param id the flow
     * @return a snapshot of its consumers (not those of its parent), in no particular order
     */
    public List<Address> consumers(FlowControlId id) {
        Set<Address> s = byFlow.get(id);
        return s == null ? List.of() : List.copyOf(s);
    }

    /**
     * Forgets a flow (its connection closed): every consumer registration for exactly {@code id} is removed.
     *
     * @param id the flow
     */
    public void removeFlow(FlowControlId id) {
        Set<Address> addresses = byFlow.remove(id);
        if (addresses != null) {
            addresses.forEach(a -> remove(byAddress, a, id));
        }
    }

    /** Forgets every flow of {@code address} (its worker stopped). */
    void removeAll(Address address) {
        Set<FlowControlId> ids = byAddress.remove(address);
        if (ids != null) {
            ids.forEach(id -> remove(byFlow, id, address));
        }
    }

    /**
     * Adds under the map's lock for {@code key}, like {@link #remove}: adding to a set taken with
     * computeIfAbsent() could land in a set that a concurrent removal had just taken out of the map, losing the
     * addition, or leaving the other map's half of the entry behind for good.
     */
    private static <K, V> void add(ConcurrentHashMap<K, Set<V>> map, K key, V value) {
        map.compute(key, (k, set) -> {
            Set<V> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(value);
            return s;
        });
    }

    private static <K, V> void remove(ConcurrentHashMap<K, Set<V>> map, K key, V value) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(value);
            return set.isEmpty() ? null : set;
        });
    }
}
