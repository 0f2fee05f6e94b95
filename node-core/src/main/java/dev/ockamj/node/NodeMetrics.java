package dev.ockamj.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's meters in the user's Micrometer registry ({@link Node.Builder#meterRegistry}), or none: without a
 * registry every method is one null check. Names and tags are listed in docs/observability.md; tags name the node
 * only, so the number of series does not grow with workers or messages.
 *
 * <p>Threads: any. Micrometer's counters are thread-safe.
 */
final class NodeMetrics {
    /** Why the node dropped a message: the {@code reason} tag of {@code ockamj.node.messages.dropped}. */
    enum Drop {
        NO_SUCH_ADDRESS("no_such_address"),
        NO_TRANSPORT("no_transport"),
        ACCESS_DENIED("access_denied"),
        WRONG_TYPE("wrong_type");

        final String tag;

        Drop(String tag) {
            this.tag = tag;
        }
    }

    static final NodeMetrics OFF = new NodeMetrics();

    private final MeterRegistry registry;
    private final Counter delivered;
    /**
     * Routed is not counted on its own: every message the router takes ends in exactly one of delivered, handed
     * to a transport or dropped while routing, so routed is their sum, and a local message costs one increment.
     */
    private final LongAdder transported = new LongAdder();
    private final LongAdder droppedRouting = new LongAdder();
    private final Counter[] dropped;
    private final Counter failures;
    private final Counter stalls;
    private final List<Meter> meters = new ArrayList<>();

    private NodeMetrics() {
        registry = null;
        delivered = failures = stalls = null;
        dropped = null;
    }

    NodeMetrics(MeterRegistry registry, String node, Router router) {
        this.registry = registry;
        delivered = keep(Counter.builder("ockamj.node.messages.delivered").tag("node", node)
                .description("messages handed to a worker's (or a transport recipient's) mailbox on this node")
                .register(registry));
        keep(FunctionCounter.builder("ockamj.node.messages.routed", this, NodeMetrics::routedCount).tag("node", node)
                .description("messages the node's router took, to a worker on this node or to a transport")
                .register(registry));
        dropped = new Counter[Drop.values().length];
        for (Drop d : Drop.values()) {
            dropped[d.ordinal()] = keep(Counter.builder("ockamj.node.messages.dropped").tag("node", node)
                    .tag("reason", d.tag).description("messages the node dropped, by reason").register(registry));
        }
        failures = keep(Counter.builder("ockamj.node.worker.failures").tag("node", node)
                .description("exceptions thrown by workers' initialize or handleMessage").register(registry));
        stalls = keep(Counter.builder("ockamj.node.worker.stalls").tag("node", node)
                .description("workers seen holding a shared thread longer than ockamj.node.blocked-worker-warning")
                .register(registry));
        keep(Gauge.builder("ockamj.node.workers", router, r -> r.unfinishedWorkers().size()).tag("node", node)
                .description("workers started and not yet stopped").strongReference(false).register(registry));
    }

    /** {@code meter}, kept to be removed when the node stops. */
    private <T extends Meter> T keep(T meter) {
        meters.add(meter);
        return meter;
    }

    /** The node stopped: its series leave the registry (a node of the same name may start later). */
    void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }

    /** The user's registry, or null when metrics are off. */
    MeterRegistry registry() {
        return registry;
    }

    private double routedCount() {
        return delivered.count() + transported.sum() + droppedRouting.sum();
    }

    /** The router handed a message to a transport. */
    void transported() {
        if (delivered != null) {
            transported.increment();
        }
    }

    /** The router dropped a message it took (the other drops happen before or after routing). */
    void droppedRouting(Drop reason) {
        if (dropped != null) {
            droppedRouting.increment();
            dropped[reason.ordinal()].increment();
        }
    }

    void delivered() {
        if (delivered != null) {
            delivered.increment();
        }
    }

    void dropped(Drop reason) {
        if (dropped != null) {
            dropped[reason.ordinal()].increment();
        }
    }

    void workerFailed() {
        if (failures != null) {
            failures.increment();
        }
    }

    void stallSeen() {
        if (stalls != null) {
            stalls.increment();
        }
    }
}
