package dev.ockamj.node;

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
final class WorkerCell extends ExtensibleBehavior<Object> implements RouterContext, Mailbox {
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
    /** Actions deferred to the end of this worker's burst of messages ({@link WorkerBursts}); null until needed. */
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

    /** At most this many messages are handled after an action is deferred before it runs. */
    static final int MAX_BURST = 64;

    /**
     * Set (once) when this worker sends through a transport or to a non-worker mailbox: from then on each of its
     * messages is handled with {@link #CURRENT} naming it, so that transports can defer work to the end of its
     * burst. Workers that only talk to workers never write anything per message (the cell is read by every
     * sender: a write per message would bounce its cache line between cores).
     */
    private boolean sendsToTransports;

    /** The worker whose handleMessage runs on this thread, if it is one that sends to transports. */
    private static final ThreadLocal<WorkerCell[]> CURRENT = ThreadLocal.withInitial(() -> new WorkerCell[1]);

    void sendsToTransports() {
        if (!sendsToTransports) {
            sendsToTransports = true; // a racy write at worst misses a burst: the transport then writes at once
        }
    }

    private static final class Burst {
        Runnable[] actions = new Runnable[2];
        int count;
        int handled;
    }

    static boolean defer(Runnable action) {
        WorkerCell cell = CURRENT.get()[0];
        if (cell == null) {
            return false;
        }
        Burst b = cell.burst;
        if (b == null) {
            cell.burst = b = new Burst();
        }
        for (int i = 0; i < b.count; i++) {
            if (b.actions[i] == action) {
                return true;
            }
        }
        if (b.count == b.actions.length) {
            b.actions = Arrays.copyOf(b.actions, b.count * 2);
        }
        b.actions[b.count++] = action;
        return true;
    }

    /** Runs the deferred actions if the burst is over: no message waits, or enough were handled meanwhile. */
    private void endOfMessage(TypedActorContext<Object> ctx) {
        Burst b = burst;
        if (b != null && b.count > 0 && (++b.handled >= MAX_BURST || !hasWaitingMessages(ctx))) {
            runDeferred();
        }
    }

    private void runDeferred() {
        Burst b = burst;
        if (b == null) {
            return;
        }
        // outside handleMessage: an action cannot defer another one meanwhile
        int n = b.count;
        b.count = 0;
        b.handled = 0;
        for (int i = 0; i < n; i++) {
            Runnable action = b.actions[i];
            b.actions[i] = null;
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("worker at {}: a deferred action failed", address(), e);
            }
        }
    }

    private static boolean hasWaitingMessages(TypedActorContext<Object> ctx) {
        if (ctx instanceof akka.actor.typed.internal.adapter.ActorContextAdapter<?> a
                && a.classicActorContext() instanceof akka.actor.ActorCell cell) {
            return cell.mailbox().hasMessages();
        }
        return false;
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
        ActorRef<Object> ref = self;
        if (ref != null && akka.actor.typed.javadsl.Adapter.toClassic(ref) instanceof akka.actor.ActorRefWithCell r
                && r.underlying() instanceof akka.actor.ActorCell cell) {
            return cell.currentMessage();
        }
        return null;
    }

    // ---- Mailbox: any thread ----

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
                Router.rethrowIfFatal(e);
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
            if (sendsToTransports) {
                WorkerCell[] current = CURRENT.get();
                WorkerCell outer = current[0];
                current[0] = this;
                try {
                    handle(routed);
                } finally {
                    current[0] = outer;
                }
                endOfMessage(ctx);
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
                LOG.warn("access denied: message from {} to {} dropped by incoming access control",
                        Router.show(msg.source()), Router.show(to));
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
            LOG.warn("worker at {} dropped a message from {}: the body is not a {}: {}", to,
                    Router.show(msg.source()), type.getTypeName(), e.getMessage());
            return;
        }
        try {
            worker.handleMessage(this, typed);
        } catch (Throwable e) {
            Router.rethrowIfFatal(e);
            if (e instanceof OckamException o && o.kind() == OckamException.Kind.NODE_STOPPED && router.isStopping()) {
                // e.g. it started a worker or sent while the node stops: expected then, not the worker's fault
                LOG.debug("worker at {}: {} (the node is stopping)", to, e.getMessage());
                return;
            }
            LOG.error("worker at {} failed to handle a message from {}; it keeps running", to,
                    Router.show(msg.source()), e);
        }
    }

    private void runShutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        try {
            worker.shutdown(this);
        } catch (Throwable e) {
            Router.rethrowIfFatal(e);
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
