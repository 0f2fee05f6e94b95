package dev.ockamj.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Starts a worker at one or more addresses, each with its own access control (Ockam's {@code WorkerBuilder}).
 *
 * <pre>{@code
 * WorkerBuilder.of(new Echoer())
 *     .address("echoer")
 *     .address("echoer-admin", IncomingAccessControl.allowFrom("app"), OutgoingAccessControl.allowAll())
 *     .start(ctx);
 * }</pre>
 *
 * <p>A builder is not thread-safe: set it up and start it on one thread.
 */
public final class WorkerBuilder {
    private final Worker<?> worker;
    private final List<Address> addresses = new ArrayList<>(1);
    private final List<IncomingAccessControl> incoming = new ArrayList<>(1);
    private final List<OutgoingAccessControl> outgoing = new ArrayList<>(1);
    private IncomingAccessControl defaultIncoming = IncomingAccessControl.allowAll();
    private OutgoingAccessControl defaultOutgoing = OutgoingAccessControl.allowAll();
    private boolean blocking;
    private boolean metered;

    private WorkerBuilder(Worker<?> worker) {
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    /**
     * A builder for {@code worker}, with no address yet and allow-all access control by default.
     *
     * @param worker the worker to start, not null
     * @return a new builder
     */
    public static WorkerBuilder of(Worker<?> worker) {
        return new WorkerBuilder(worker);
    }

    /**
     * Adds an address with the builder's default access control; the first address is the primary one.
     *
     * @param address the address as text, parsed with {@link Address#parse}
     * @return this builder
     * @throws OckamException INVALID_ADDRESS if it does not parse
     */
    public WorkerBuilder address(String address) {
        return address(Address.parse(address));
    }

    /**
     * Adds an address with the builder's default access control; the first address is the primary one.
     *
     * @param address a LOCAL address (checked by {@link #start})
     * @return this builder
     */
    public WorkerBuilder address(Address address) {
        return address(address, null, null);
    }

    /**
     * Adds an address with its own access control (null = the builder's default).
     *
     * @param address a LOCAL address (checked by {@link #start})
     * @param in what may reach the worker at this address, or null
     * @param out what the worker may send from this address, or null
     * @return this builder
     */
    public WorkerBuilder address(Address address, IncomingAccessControl in, OutgoingAccessControl out) {
        addresses.add(Objects.requireNonNull(address, "address"));
        incoming.add(in);
        outgoing.add(out);
        return this;
    }

    /**
     * Adds an address given as text with its own access control (null = the builder's default).
     *
     * @param address the address as text, parsed with {@link Address#parse}
     * @param in what may reach the worker at this address, or null
     * @param out what the worker may send from this address, or null
     * @return this builder
     * @throws OckamException INVALID_ADDRESS if it does not parse
     */
    public WorkerBuilder address(String address, IncomingAccessControl in, OutgoingAccessControl out) {
        return address(Address.parse(address), in, out);
    }

    /**
     * Incoming access control for addresses added without their own (default: allow all).
     *
     * @param ac the policy, not null; it applies to such addresses added before or after this call
     * @return this builder
     */
    public WorkerBuilder incomingAccessControl(IncomingAccessControl ac) {
        this.defaultIncoming = Objects.requireNonNull(ac, "ac");
        return this;
    }

    /**
     * Outgoing access control for addresses added without their own (default: allow all).
     *
     * @param ac the policy, not null; it applies to such addresses added before or after this call
     * @return this builder
     */
    public WorkerBuilder outgoingAccessControl(OutgoingAccessControl ac) {
        this.defaultOutgoing = Objects.requireNonNull(ac, "ac");
        return this;
    }

    /**
     * Runs the worker on the node's blocking dispatcher ({@code ockamj.node.blocking-dispatcher}: a pool of its own,
     * 16 threads by default) instead of the threads every other worker shares — for a worker whose
     * {@code handleMessage} or {@code shutdown} blocks: JDBC, file or socket I/O, locks, sleeps, waiting on a
     * future. The shared pool has one thread per core (at least 2), so a handler that blocks there holds a share
     * of the whole node's capacity for as long as it blocks, and enough of them stall every worker. The node
     * names a worker that is not started this way and stays in a handler for longer than
     * {@code ockamj.node.blocked-worker-warning} (a warning in the log).
     *
     * @return this builder
     */
    public WorkerBuilder blocking() {
        this.blocking = true;
        return this;
    }

    /**
     * Gives this worker meters of its own in the node's registry ({@link Node.Builder#meterRegistry}): the time it
     * takes to handle each message ({@code ockamj.worker.handling}, a timer, so also how many it handled) and the
     * messages waiting in its mailbox ({@code ockamj.worker.mailbox}), tagged with the node and the worker's first
     * address ({@code worker}). For the workers worth watching one by one: each adds series of its own, where the
     * node's meters never name a worker. They are registered when the worker starts and removed when it stops.
     * Without a registry this does nothing.
     *
     * @return this builder
     */
    public WorkerBuilder metered() {
        this.metered = true;
        return this;
    }

    /**
     * Starts the worker. Returns once its addresses are taken; {@code initialize} runs on the worker's actor
     * before its first message. Either every address is taken or none is.
     *
     * @param ctx any context of the node to start the worker on (the node itself, or a worker's context)
     * @throws OckamException ADDRESS_TAKEN if an address belongs to another worker (that worker is untouched),
     *     INVALID_ADDRESS if no address was added or one is not LOCAL, NODE_STOPPED if the node is stopping
     */
    public void start(Context ctx) {
        if (addresses.isEmpty()) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "a worker needs at least one address");
        }
        Address[] addrs = addresses.toArray(new Address[0]);
        IncomingAccessControl[] in = new IncomingAccessControl[addrs.length];
        OutgoingAccessControl[] out = new OutgoingAccessControl[addrs.length];
        boolean allAllowIn = true;
        boolean allAllowOut = true;
        for (int i = 0; i < addrs.length; i++) {
            in[i] = incoming.get(i) != null ? incoming.get(i) : defaultIncoming;
            out[i] = outgoing.get(i) != null ? outgoing.get(i) : defaultOutgoing;
            allAllowIn &= in[i] == AccessControls.ALLOW_ALL_IN;
            allAllowOut &= out[i] == AccessControls.ALLOW_ALL_OUT;
        }
        Router router = ctx.node().router();
        // null arrays = allow all: the common case costs no memory and no check per message
        WorkerCell cell = new WorkerCell(router, worker, addrs, allAllowIn ? null : in, allAllowOut ? null : out,
                blocking);
        if (metered) {
            cell.meter();
        }
        try {
            router.startWorker(cell);
        } catch (RuntimeException e) {
            cell.unmeter(); // its address was taken, or the node stops: no series for a worker that never ran
            throw e;
        }
    }
}
