package dev.ockamj.node;

import dev.ockamj.node.spi.Recipient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A context whose messages wait in a queue for a thread that blocks in {@link #receive}: the program's
 * {@code app} context and every processor.
 */
class QueueContext implements RouterContext, Recipient {
    private static final Logger LOG = LoggerFactory.getLogger(QueueContext.class);
    private static final Routed<String> CLOSED = Routed.of("closed", Route.empty(), Route.empty(), Address.local("closed"));

    private final Router router;
    private final Address address;
    private final Route returnRoute;
    private final LinkedBlockingQueue<Routed<?>> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    QueueContext(Router router, Address address) {
        this.router = router;
        this.address = address;
        this.returnRoute = Route.of(address);
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public List<Address> addresses() {
        return List.of(address);
    }

    @Override
    public OutgoingAccessControl outgoingAccessControl(Address from) {
        return address.equals(from) ? OutgoingAccessControl.allowAll() : null;
    }

    @Override
    public Route returnRouteFor(Address from) {
        return returnRoute;
    }

    @Override
    public void deliver(Routed<?> msg) {
        if (closed) {
            LOG.debug("{} is closed; dropped a message from {}", address, msg.source());
            return;
        }
        queue.add(msg);
    }

    @Override
    public <M> Routed<M> receive(Class<M> type, Duration timeout) {
        Routed<?> msg;
        try {
            msg = closed && queue.isEmpty() ? CLOSED : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OckamException(OckamException.Kind.INTERNAL, "interrupted while " + address + " was receiving", e);
        }
        if (msg == null) {
            throw new OckamException(OckamException.Kind.TIMEOUT,
                    "no message for " + address + " within " + timeout.toMillis() + " ms");
        }
        if (msg == CLOSED) {
            queue.add(CLOSED); // wake every other receiver too
            throw new OckamException(OckamException.Kind.NODE_STOPPED, address + " is stopped");
        }
        Object body = Bodies.convert(msg.body(), type);
        @SuppressWarnings("unchecked")
        Routed<M> typed = (Routed<M>) (body == msg.body() ? msg : msg.withBody(body));
        return typed;
    }

    /** Wakes blocked receivers with NODE_STOPPED; later deliveries are dropped. */
    void close() {
        closed = true;
        queue.add(CLOSED);
    }

    boolean isClosed() {
        return closed;
    }
}
