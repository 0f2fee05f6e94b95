package dev.ockamj.node;

import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.spi.Recipient;
import dev.ockamj.node.spi.TransportRouter;
import dev.ockamj.node.spi.WorkerBursts;

import akka.actor.typed.ActorSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's router: the address table (address → recipient) and the transport routers by type.
 *
 * <p>Senders route on their own thread by reading the concurrent table — no actor hop per message. Only
 * starting and stopping workers change the table; spawning actors is left to the {@link Guardian}.
 */
final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    /** Messages from other nodes that are denied or undeliverable: a peer may send as many as it likes. */
    private final LogLimit deniedLog = new LogLimit();
    private final LogLimit notDeliveredLog = new LogLimit();

    private final Node node;
    private final ConcurrentHashMap<Address, Recipient> table = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<TransportRouter> transports = new AtomicReferenceArray<>(256);
    final FlowControls flowControls = new FlowControls();
    private ActorSystem<Guardian.Command> system;
    private volatile boolean stopping;
    private volatile boolean stopped;
    /** What runs when an address leaves the table ({@link #whenGone}). */
    private final ConcurrentHashMap<Address, Set<Runnable>> goneActions = new ConcurrentHashMap<>();
    /** Workers stopped with stopWorker (no longer in the table) whose actor has not finished yet. */
    private final Set<WorkerCell> stoppingWorkers = ConcurrentHashMap.newKeySet();

    /** Set once, before the node routes anything (Node's constructor). */
    NodeMetrics metrics = NodeMetrics.OFF;
    /** Null unless the node was built with an OpenTelemetry: then sent messages carry the current span. */
    NodeTracing tracing;

    Router(Node node) {
        this.node = node;
    }

    void bind(ActorSystem<Guardian.Command> system) {
        this.system = system;
    }

    Node node() {
        return node;
    }

    // ---- sending ----

    void send(RouterContext from, Address source, Route route, Object body) {
        checkRunning();
        OutgoingAccessControl ac = from.outgoingAccessControl(source);
        if (ac == null) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS,
                    source + " is not an address of " + from.address() + "; cannot send from it");
        }
        Routed<Object> msg = new Routed<>(body, route, from.returnRouteFor(source), source, null);
        checkOutgoing(ac, msg);
        route(msg, from);
    }

    void forward(RouterContext from, Routed<?> msg) {
        checkRunning();
        if (msg.flowControlId() != null && !msg.steppedForward()) {
            // a worker that relays a message along a route it chose (withOnwardRoute) sends a message of its own:
            // flow control applied when it arrived. A message stepped forward goes on along its sender's route,
            // so it keeps its flow: a hop must not take a stranger's message where the stranger may not send.
            msg = msg.withFlowControlId(null);
        }
        Address source = msg.source();
        OutgoingAccessControl ac = from.outgoingAccessControl(source);
        if (ac == null) {
            source = from.address();
            ac = from.outgoingAccessControl(source);
            msg = msg.withSource(source);
        }
        checkOutgoing(ac, msg);
        route(msg, from);
    }

    private void checkOutgoing(OutgoingAccessControl ac, Routed<?> msg) {
        if (ac != AccessControls.ALLOW_ALL_OUT && !ac.isAuthorized(msg)) {
            String text = "access denied: " + show(msg.source()) + " may not send to " + show(msg.onwardRoute());
            metrics.dropped(NodeMetrics.Drop.ACCESS_DENIED);
            LOG.warn("{} (outgoing access control)", text);
            OckamException denied = new OckamException(OckamException.Kind.ACCESS_DENIED, text);
            // a refused reply: the request waiting for it on this node ends now
            Address next = msg.onwardRoute().nextOrNull();
            if (next != null) {
                failRequestAt(next, denied);
            }
            throw denied;
        }
    }

    private void checkRunning() {
        if (stopped) {
            throw new OckamException(OckamException.Kind.NODE_STOPPED, "node '" + node.name() + "' is stopped");
        }
    }

    /** Delivers {@code msg} to its first onward hop: a local recipient, or the transport for its type. */
    void route(Routed<?> msg) {
        deliver(msg, null, null);
    }

    /** {@link #route(Routed)}, then {@code consumed} once the message no longer waits on this node. */
    void route(Routed<?> msg, Runnable consumed) {
        boolean handedOver = false;
        try {
            handedOver = deliver(msg, null, consumed);
        } finally {
            if (!handedOver) {
                consumed.run();
            }
        }
    }

    /**
     * What a worker or the application sends (send, request, forward): on a node that traces, it goes on in the
     * span current on the sending thread (a handler's, or the caller's own), or in the trace it came with.
     */
    private void route(Routed<?> msg, RouterContext from) {
        deliver(tracing == null ? msg : tracing.stamp(msg), from, null);
    }

    /**
     * {@link #route(Routed)} for a message that {@code from} (if not null) sends. A worker that sends to a transport
     * (or any recipient that is not a worker's) is marked, so that its later messages are handled in a way that lets
     * transports defer work to the end of its burst ({@link WorkerBursts}). Returns true if the message went to a
     * recipient together with {@code consumed}: the recipient then runs it.
     */
    private boolean deliver(Routed<?> msg, RouterContext from, Runnable consumed) {
        Address next = msg.onwardRoute().nextOrNull();
        if (next == null) {
            metrics.droppedRouting(NodeMetrics.Drop.NO_SUCH_ADDRESS);
            notDelivered(msg, "its onward route is empty");
            return false;
        }
        if (!next.isLocal()) {
            if (msg.flowControlId() != null) {
                metrics.droppedRouting(NodeMetrics.Drop.ACCESS_DENIED);
                // from another node, stepped on by a hop: it must not make this node open connections for the sender
                long held = deniedLog.admit();
                if (held >= 0) {
                    LOG.warn("access denied: message from {} to {} dropped: a message that arrived through flow {}"
                            + " may not leave through a transport{}", show(msg.source()), show(next),
                            msg.flowControlId(), LogLimit.suffix(held));
                }
                return false;
            }
            TransportRouter transport = transports.get(next.transportType());
            if (transport == null) {
                metrics.droppedRouting(NodeMetrics.Drop.NO_TRANSPORT);
                notDelivered(msg, "no transport is registered for type " + next.transportType());
            } else {
                if (from instanceof WorkerCell cell) {
                    cell.trackBursts();
                }
                metrics.transported();
                transport.route(msg);
            }
            return false;
        }
        Recipient recipient = table.get(next);
        if (recipient == null) {
            metrics.droppedRouting(NodeMetrics.Drop.NO_SUCH_ADDRESS);
            notDelivered(msg, "no worker has address " + show(next));
            return false;
        }
        FlowControlId flow = msg.flowControlId();
        if (flow != null && !flowControls.isConsumer(next, flow)) {
            metrics.droppedRouting(NodeMetrics.Drop.ACCESS_DENIED);
            long held = deniedLog.admit();
            if (held >= 0) {
                LOG.warn("access denied: message from {} to {} dropped: {} is not a consumer of flow {}{}",
                        show(msg.source()), show(next), show(next), flow, LogLimit.suffix(held));
            }
            return false;
        }
        if (from instanceof WorkerCell cell && !(recipient instanceof WorkerCell)) {
            cell.trackBursts();
        }
        metrics.delivered();
        if (consumed == null) {
            recipient.deliver(msg);
        } else if (recipient instanceof WorkerCell cell) {
            cell.tell(new WorkerCell.Tracked(msg, consumed));
        } else {
            recipient.deliver(msg, consumed);
        }
        return consumed != null;
    }

    /**
     * Logs an undeliverable message and fails any request on this node that waits for its reply, so the
     * request ends at once instead of at its timeout.
     */
    void notDelivered(Routed<?> msg, String why) {
        String text = "message not delivered: " + why + " (onward route: " + show(msg.onwardRoute())
                + "; return route: " + show(msg.returnRoute()) + ")";
        if (msg.flowControlId() != null) {
            // from another node: its return route names no request of ours, and its sender may send many
            long held = notDeliveredLog.admit();
            if (held >= 0) {
                LOG.warn("{}{}", text, LogLimit.suffix(held));
            }
            return;
        }
        LOG.warn(text);
        failRequests(msg, new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, text));
    }

    /**
     * Fails the requests on this node waiting for a reply to {@code msg} (any hop of its return route). A message
     * from another node (it carries a flow) is left alone: its return route names no request of ours, and a
     * stranger must not be able to fail one by naming its address.
     */
    void failRequests(Routed<?> msg, OckamException error) {
        if (msg.flowControlId() != null) {
            return;
        }
        for (Address hop : msg.returnRoute().addresses()) {
            failRequestAt(hop, error);
        }
    }

    <R> CompletionStage<R> request(RouterContext from, Route route, Object body, Class<R> replyType, Duration timeout) {
        checkRunning();
        OutgoingAccessControl ac = from.outgoingAccessControl(from.address());
        ReplyRecipient<R> reply = new ReplyRecipient<>(Address.random(), replyType);
        table.put(reply.address, reply);
        akka.actor.Cancellable timer = system.scheduler().scheduleOnce(timeout, () -> reply.fail(
                new OckamException(OckamException.Kind.TIMEOUT, "no reply from " + route + " within "
                        + timeout.toMillis() + " ms")), system.executionContext());
        CompletableFuture<R> result = reply.future.whenComplete((r, e) -> {
            unregister(reply, reply.address);
            timer.cancel();
        });
        try {
            // sent from the requester's address, so incoming access control judges who asks; the reply goes to
            // the temporary address
            Routed<Object> msg = new Routed<>(body, route, Route.of(reply.address), from.address(), null);
            checkOutgoing(ac, msg);
            route(msg, from);
        } catch (OckamException e) {
            reply.fail(e);
        }
        return result;
    }

    Cancellable sendDelayed(RouterContext from, Duration delay, Route route, Object body) {
        checkRunning();
        Address source = from.address();
        Runnable later = () -> {
            try {
                send(from, source, route, body);
            } catch (OckamException e) {
                LOG.warn("delayed send from {} to {} failed: {}", source, route, e.getMessage());
            }
        };
        // sent later on a scheduler thread, in the trace of the span current now
        akka.actor.Cancellable c = system.scheduler().scheduleOnce(delay, tracing == null ? later : tracing.wrap(later),
                system.executionContext());
        return c::cancel;
    }

    // ---- workers ----

    void startWorker(WorkerCell cell) {
        checkStarting();
        claim(cell, cell.addressArray());
        system.tell(new Guardian.SpawnWorker(cell));
    }

    void startProcessor(Address address, Processor processor) {
        checkStarting();
        ProcessorCell cell = new ProcessorCell(this, address, processor);
        claim(cell, new Address[] {address});
        system.tell(new Guardian.SpawnProcessor(cell));
    }

    /** Registers {@code recipient} at every address, or at none if one is taken. */
    void claim(Recipient recipient, Address[] addresses) {
        for (int i = 0; i < addresses.length; i++) {
            Address a = addresses[i];
            if (!a.isLocal()) {
                release(recipient, addresses, i);
                throw new OckamException(OckamException.Kind.INVALID_ADDRESS,
                        "a worker address must be LOCAL (type 0), not " + a);
            }
            Recipient existing = table.putIfAbsent(a, recipient);
            if (existing != null) {
                release(recipient, addresses, i);
                throw new OckamException(OckamException.Kind.ADDRESS_TAKEN,
                        "address " + a + " is already taken by another worker");
            }
        }
    }

    private void release(Recipient recipient, Address[] addresses, int count) {
        for (int i = 0; i < count; i++) {
            table.remove(addresses[i], recipient);
        }
    }

    private void checkStarting() {
        if (stopping) {
            throw new OckamException(OckamException.Kind.NODE_STOPPED,
                    "node '" + node.name() + "' is stopping; no new workers");
        }
    }

    void stopWorker(Address address) {
        Recipient recipient = table.get(address);
        if (recipient instanceof WorkerCell cell) {
            stoppingWorkers.add(cell);
            unregister(cell);
            cell.tell(WorkerCell.STOP);
        } else if (recipient instanceof ProcessorCell cell) {
            unregister(cell, address);
            cell.close(); // its loop sees this before the next process() and stops
        } else {
            throw new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "no worker has address " + show(address));
        }
    }

    /** The worker's actor has stopped (its shutdown has returned). */
    void workerStopped(WorkerCell cell) {
        stoppingWorkers.remove(cell);
    }

    /**
     * Every worker whose actor has not finished: those in the table (a worker leaves it once its shutdown has
     * returned) and those stopped with stopWorker that are still on their way out. Each one once.
     */
    List<WorkerCell> unfinishedWorkers() {
        Set<WorkerCell> out = Collections.newSetFromMap(new IdentityHashMap<>());
        forEachUnfinishedWorker(out::add);
        return new ArrayList<>(out);
    }

    /** {@link #unfinishedWorkers()} without collecting them: a worker with several addresses is visited for each. */
    void forEachUnfinishedWorker(Consumer<WorkerCell> action) {
        for (Recipient m : table.values()) {
            if (m instanceof WorkerCell c) {
                action.accept(c);
            }
        }
        stoppingWorkers.forEach(action);
    }

    void unregister(WorkerCell cell) {
        for (Address a : cell.addressArray()) {
            unregister(cell, a);
        }
    }

    void unregister(Recipient recipient, Address address) {
        if (table.remove(address, recipient)) {
            flowControls.removeAll(address);
            runGoneActions(address);
        }
    }

    /** Runs {@code action} once {@code address} has no owner: at once if it has none now. */
    Cancellable whenGone(Address address, Runnable action) {
        Set<Runnable> actions = goneActions.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet());
        actions.add(action);
        if (!table.containsKey(address)) { // gone before we were listed, or while we were
            runGoneActions(address);
        }
        return () -> {
            Set<Runnable> s = goneActions.get(address);
            return s != null && s.remove(action);
        };
    }

    private void runGoneActions(Address address) {
        Set<Runnable> actions = goneActions.remove(address);
        if (actions == null) {
            return;
        }
        for (Runnable r : actions) {
            if (actions.remove(r)) { // a concurrent cancel() or run takes it first
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("an action run when {} went away failed", show(address), e);
                }
            }
        }
    }

    void register(Address address, Recipient recipient) {
        claim(recipient, new Address[] {address});
    }

    /** Addresses of started workers, processors and transports' recipients (not app, not requests), sorted. */
    List<Address> workerAddresses() {
        List<Address> out = new ArrayList<>();
        table.forEach((a, m) -> {
            if (!(m instanceof ReplyRecipient<?>) && m.getClass() != QueueContext.class) {
                out.add(a);
            }
        });
        out.sort(Comparator.comparing(Address::toString));
        return out;
    }

    /** Fails the request waiting at {@code address}, if there is one. */
    void failRequestAt(Address address, OckamException error) {
        if (table.get(address) instanceof ReplyRecipient<?> reply) {
            reply.fail(error);
        }
    }

    boolean isRegistered(Address address) {
        return table.containsKey(address);
    }

    // ---- transports ----

    void registerTransport(int type, TransportRouter router) {
        if (type == TransportType.LOCAL || type < 0 || type > 255) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "transport type must be 1..255, not " + type);
        }
        if (!transports.compareAndSet(type, null, router)) {
            throw new OckamException(OckamException.Kind.ADDRESS_TAKEN,
                    "a transport is already registered for type " + type);
        }
    }

    // ---- stopping ----

    void beginStop() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    void stopped() {
        stopped = true;
        metrics.close();
        for (var e : table.entrySet()) {
            if (e.getValue() instanceof ReplyRecipient<?> reply) {
                reply.fail(new OckamException(OckamException.Kind.NODE_STOPPED, "node '" + node.name() + "' stopped"));
            }
        }
    }

    List<ProcessorCell> processors() {
        List<ProcessorCell> out = new ArrayList<>();
        table.values().forEach(m -> {
            if (m instanceof ProcessorCell p && !out.contains(p)) {
                out.add(p);
            }
        });
        return out;
    }

    // ---- helpers ----

    /** An address or route as it may appear in a log line: peer-controlled bytes escaped and cut short. */
    static String show(Object addressOrRoute) {
        return addressOrRoute == null ? "(none)" : Printable.escape(String.valueOf(addressOrRoute), 300);
    }

}
