package dev.ockamj.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The meters of one worker started with {@link WorkerBuilder#metered()}: how long it takes to handle its messages
 * (a timer, so also how many it handled) and how many wait in its mailbox. Tagged with the node and the worker's
 * first address, so each metered worker adds a series of its own: for the few worth watching.
 */
final class WorkerMeters {
    private final MeterRegistry registry;
    private final Timer handling;
    private final Gauge mailbox;

    private WorkerMeters(MeterRegistry registry, String node, Address worker, IntSupplier queued) {
        this.registry = registry;
        Tags tags = Tags.of("node", node, "worker", worker.valueString());
        handling = Timer.builder("ockamj.worker.handling").tags(tags)
                .description("time the worker took to handle a message (its count: messages handled)")
                .register(registry);
        mailbox = Gauge.builder("ockamj.worker.mailbox", queued, IntSupplier::getAsInt).tags(tags)
                .description("messages waiting in the worker's mailbox").register(registry);
    }

    /** The worker's meters, or null when the node has no registry. */
    static WorkerMeters register(Router router, Address worker, IntSupplier queued) {
        MeterRegistry registry = router.metrics.registry();
        return registry == null ? null : new WorkerMeters(registry, router.node().name(), worker, queued);
    }

    void handled(long nanos) {
        handling.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The worker stopped: its series leave the registry. */
    void remove() {
        registry.remove(mailbox);
        registry.remove(handling);
    }
}
