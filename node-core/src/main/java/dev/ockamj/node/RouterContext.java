package dev.ockamj.node;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** The parts of {@link Context} every kind of context does the same way: hand the work to the router. */
interface RouterContext extends Context {

    Router router();

    /** The outgoing access control of one of this context's addresses, or null if it is not one of them. */
    OutgoingAccessControl outgoingAccessControl(Address from);

    /** A route holding just {@code from}, cached for the primary address (the hot path allocates nothing). */
    Route returnRouteFor(Address from);

    @Override
    default Node node() {
        return router().node();
    }

    @Override
    default void sendFrom(Address from, Route route, Object body) {
        router().send(this, from, route, body);
    }

    @Override
    default void forward(Routed<?> msg) {
        router().forward(this, msg);
    }

    @Override
    default <R> CompletionStage<R> request(Route route, Object body, Class<R> replyType, Duration timeout) {
        return router().request(this, route, body, replyType, timeout);
    }

    @Override
    default Cancellable sendDelayed(Duration delay, Route route, Object body) {
        return router().sendDelayed(this, delay, route, body);
    }

    @Override
    default <M> Routed<M> receive(Class<M> type, Duration timeout) {
        throw new OckamException(OckamException.Kind.INTERNAL, "the worker at " + address()
                + " cannot block in receive; workers get their messages in handleMessage");
    }

    @Override
    default void startProcessor(String address, Processor processor) {
        router().startProcessor(Address.parse(address), processor);
    }

    @Override
    default void stopWorker(Address address) {
        router().stopWorker(address);
    }
}
