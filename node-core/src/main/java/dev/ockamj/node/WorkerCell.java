package dev.ockamj.node;

import dev.ockamj.node.internal.Fatal;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

import dev.ockamj.node.spi.Recipient;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ExtensibleBehavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started worker: its entry in the router's address table, its {@link Context}, and the behaviour of
 * the Akka actor that runs it — one object, so an idle worker costs little beyond its actor.
 *
 * <p>The cell is in the address table before its actor exists (so starting a worker is synchronous and a
 * taken address fails at once); messages that arrive before the actor is bound wait in {@code pending}.
 */
final class WorkerCell extends ExtensibleBehavior<Object> implements RouterContext, Recipient {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerCell.class);
    static final Object STOP = new Object() {
        @Override
        public String toString() {
            return "Stop";
        }
    };

    private final Router router;
    private final Worker<Object> worker;
    private final Address[] addresses;
    /** Per address, parallel to {@code addresses}; null when every address allows all. */
    private final IncomingAccessControl[] incoming;
    private final OutgoingAccessControl[] outgoing;
    private volatile ActorRef<Object> self;
    private List<Object> pending;
    private Route selfRoute;
    /** Set (on the actor's thread) when shutdown starts; read by the node's stall report from other threads. */
    private volatile boolean shutDown;
    /** Runs on the node's blocking dispatcher ({@link WorkerBuilder#blocking()}). */
    private final boolean blocking;
    /**
     * {@link WorkerBuilder#metered()}: registered before the actor is spawned (which publishes the field to it),
     * removed in its shutdown; null for the others.
     */
    private WorkerMeters meters;
    /** Work deferred to the end of this worker's burst of messages; null until it tracks bursts. */
    private Burst burst;

    /**
     * A message from a transport ({@link Node#route(Routed, Runnable)}): {@code consumed} runs once the worker has
     * handled it, or once it is a dead letter (the worker stopped first; see {@link Guardian}).
     */
    record Tracked(Routed<?> msg, Runnable consumed) {
        void done() {
            try {
                consumed.run();
            } catch (RuntimeException e) {
                LOG.error("a transport's consumed callback failed", e);
            }
        }
    }

    /**
     * Set (once) when this worker sends to an address that is not another worker's: a transport, a connection,
     * a context such as {@code app}. From then on each of its messages is handled inside its {@link Burst}, so that
     * transports can defer work to the end of the burst. Workers that only talk to workers never write anything
     * per message (the cell is read by every sender: a write per message would bounce its cache line between
     * cores).
     */
    private boolean tracksBursts;

    void trackBursts() {
        if (!tracksBursts) {
            tracksBursts = true; // a racy write at worst misses a burst: the transport then writes at once
        }
    }

    private void runDeferred() {
        if (burst != null) {
            burst.runDeferred();
        }
    }

    @SuppressWarnings("unchecked")
    WorkerCell(Router router, Worker<?> worker, Address[] addresses, IncomingAccessControl[] incoming,
               OutgoingAccessControl[] outgoing, boolean blocking) {
        this.router = router;
        this.blocking = blocking;
        this.worker = (Worker<Object>) worker;
        this.addresses = addresses;
        this.incoming = incoming;
        this.outgoing = outgoing;
    }

    Address[] addressArray() {
        return addresses;
    }

    boolean isBlocking() {
        return blocking;
    }

    boolean inShutdown() {
        return shutDown;
    }

    /**
     * The message the worker's actor is handling right now (Akka's envelope), or null when it is idle. Read from
     * another thread without synchronization, by the node's stall watch only: Akka sets the field around each
     * message anyway, so watching for stuck handlers costs the message path nothing.
     */
    Object currentMessage() {
        return actorCell() instanceof akka.actor.ActorCell cell ? cell.currentMessage() : null;
    }

    /** The classic cell under the worker's actor, or null before it is bound. */
    private akka.actor.Cell actorCell() {
        ActorRef<Object> ref = self;
        return ref != null && akka.actor.typed.javadsl.Adapter.toClassic(ref) instanceof akka.actor.ActorRefWithCell r
                ? r.underlying() : null;
    }

    /** {@link WorkerBuilder#metered()}, before the worker starts; {@link #unmeter()} if it cannot. */
    void meter() {
        meters = WorkerMeters.register(router, address(), this::queued);
    }

    void unmeter() {
        if (meters != null) {
            meters.remove();
            meters = null;
        }
    }

    /** Messages waiting in the actor's mailbox (0 before it exists); read by a metered worker's gauge. */
    private int queued() {
        akka.actor.Cell cell = actorCell();
        return cell == null ? 0 : cell.numberOfMessages();
    }

    // ---- Recipient: any thread ----

    @Override
    public void deliver(Routed<?> msg) {
        tell(msg);
    }

    void tell(Object msg) {
        ActorRef<Object> ref = self;
        if (ref != null) {
            ref.tell(msg);
            return;
        }
        synchronized (this) {
            if (self != null) {
                self.tell(msg);
            } else {
                if (pending == null) {
                    pending = new ArrayList<>(4);
                }
                pending.add(msg);
            }
        }
    }

    /** The actor's behaviour at spawn: initialize the worker, then let waiting messages in, in order. */
    Behavior<Object> behavior() {
        return Behaviors.setup(actx -> {
            try {
                worker.initialize(this);
            } catch (Throwable e) {
                Fatal.rethrowIfFatal(e);
                router.metrics.workerFailed();
                LOG.error("worker at {} failed to initialize; it is stopped", address(), e);
                router.unregister(this);
                shutDown = true; // initialize failed: shutdown is not called, as in Ockam
                synchronized (this) {
                    if (pending != null) {
                        pending.forEach(m -> {
                            if (m instanceof Tracked t) {
                                t.done();
                            }
                        });
                        pending = null;
                    }
                }
                return Behaviors.stopped();
            }
            synchronized (this) {
                if (pending != null) {
                    pending.forEach(actx.getSelf()::tell);
                    pending = null;
                }
                self = actx.getSelf();
            }
            return this;
        });
    }

    // ---- Behaviour: the actor's thread only ----

    @Override
    public Behavior<Object> receive(TypedActorContext<Object> ctx, Object msg) {
        if (msg instanceof Tracked t) {
            try {
                return receive(ctx, t.msg());
            } finally {
                t.done();
            }
        }
        if (msg instanceof Routed<?> routed) {
            if (tracksBursts) {
                if (burst == null) {
                    burst = new Burst(address());
                }
                Burst outer = burst.enter();
                try {
                    handle(routed);
                } finally {
                    Burst.exit(outer);
                }
                burst.endOfMessage(ctx);
            } else {
                handle(routed);
            }
            return this;
        }
        if (msg == STOP) {
            runDeferred();
            runShutdown();
            return Behaviors.stopped();
        }
        LOG.warn("worker at {} got an unexpected {}", address(), msg.getClass().getName());
        runDeferred(); // it may be the last message of a burst
        return this;
    }

    @Override
    public Behavior<Object> receiveSignal(TypedActorContext<Object> ctx, Signal signal) {
        if (signal instanceof PostStop) {
            runDeferred();
            runShutdown(); // stopped with the node, not by STOP
            // unregistered after its shutdown returned, so that a node's stop can name the workers still in theirs
            router.unregister(this);
            router.workerStopped(this);
        }
        return this;
    }

    private void handle(Routed<?> msg) {
        Address to = msg.onwardRoute().nextOrNull();
        if (incoming != null) {
            IncomingAccessControl ac = incoming[indexOf(to)];
            if (!ac.isAuthorized(msg)) {
                String text = "access denied: message from " + Router.show(msg.source()) + " to " + Router.show(to)
                        + " dropped by incoming access control";
                router.metrics.dropped(NodeMetrics.Drop.ACCESS_DENIED);
                LOG.warn(text);
                router.failRequests(msg, new OckamException(OckamException.Kind.ACCESS_DENIED, text));
                return;
            }
        }
        Type type = MessageTypes.of(worker);
        Routed<Object> typed;
        try {
            Object body = Bodies.convert(msg.body(), type);
            @SuppressWarnings("unchecked")
            Routed<Object> t = (Routed<Object>) (body == msg.body() ? msg : msg.withBody(body));
            typed = t;
        } catch (RuntimeException e) {
            String text = "worker at " + Router.show(to) + " dropped a message from " + Router.show(msg.source())
                    + ": its body does not fit the worker's type " + type.getTypeName() + ": " + e.getMessage();
            router.metrics.dropped(NodeMetrics.Drop.WRONG_TYPE);
            LOG.warn(text);
            router.failRequests(msg, new OckamException(OckamException.Kind.DECODE, text));
            return;
        }
        NodeTracing tracing = router.tracing;
        Span span = tracing == null ? null : tracing.startHandling(worker, to, msg);
        long started = meters == null ? 0 : System.nanoTime();
        try (Scope scope = span == null ? null : span.makeCurrent()) {
            worker.handleMessage(this, typed);
        } catch (Throwable e) {
            if (span != null) {
                NodeTracing.failed(span, e);
            }
            Fatal.rethrowIfFatal(e);
            if (e instanceof OckamException o && o.kind() == OckamException.Kind.NODE_STOPPED && router.isStopping()) {
                // e.g. it started a worker or sent while the node stops: expected then, not the worker's fault
                LOG.debug("worker at {}: {} (the node is stopping)", to, e.getMessage());
                return;
            }
            router.metrics.workerFailed();
            LOG.error("worker at {} failed to handle a message from {}; it keeps running", to,
                    Router.show(msg.source()), e);
        } finally {
            if (meters != null) {
                meters.handled(System.nanoTime() - started);
            }
            if (span != null) {
                span.end();
            }
        }
    }

    private void runShutdown() {
        unmeter();
        if (shutDown) {
            return;
        }
        shutDown = true;
        try {
            worker.shutdown(this);
        } catch (Throwable e) {
            Fatal.rethrowIfFatal(e);
            LOG.error("worker at {} failed in shutdown", address(), e);
        }
    }

    private int indexOf(Address a) {
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i].equals(a)) {
                return i;
            }
        }
        return 0;
    }

    // ---- Context ----

    @Override
    public Router router() {
        return router;
    }

    @Override
    public Address address() {
        return addresses[0];
    }

    @Override
    public List<Address> addresses() {
        return List.of(addresses);
    }

    @Override
    public OutgoingAccessControl outgoingAccessControl(Address from) {
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i].equals(from)) {
                return outgoing == null ? OutgoingAccessControl.allowAll() : outgoing[i];
            }
        }
        return null;
    }

    @Override
    public Route returnRouteFor(Address from) {
        if (from.equals(addresses[0])) {
            Route r = selfRoute;
            if (r == null) {
                selfRoute = r = Route.of(from);
            }
            return r;
        }
        return Route.of(from);
    }

    @Override
    public String toString() {
        return "Worker" + Arrays.toString(addresses);
    }
}
