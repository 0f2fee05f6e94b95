package dev.ockamj.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a worker, a processor or the program itself (the node's {@code app} context) uses to talk to the
 * node: send messages along routes, ask for replies, start and stop workers.
 */
public interface Context {

    /** The node this context belongs to. */
    Node node();

    /** The primary address: the one used as source and return route when sending. */
    Address address();

    /** Every address this context owns (the primary one first). */
    List<Address> addresses();

    /**
     * Sends {@code body} along {@code route}; the return route is this context's address.
     *
     * @throws OckamException NODE_STOPPED after the node stopped, ACCESS_DENIED if this address's outgoing
     *     access control refuses. A route to an address nobody owns is logged, not thrown (it is asynchronous).
     */
    default void send(Route route, Object body) {
        sendFrom(address(), route, body);
    }

    /** {@link #send(Route, Object)} with a route given as text, e.g. {@code "h1 => echoer"}. */
    default void send(String route, Object body) {
        send(Route.parse(route), body);
    }

    /** Sends from one of this context's own addresses (its source and return route). */
    void sendFrom(Address from, Route route, Object body);

    /**
     * Delivers {@code msg} to the first hop of its onward route with its return route as it is. A worker that
     * relays messages changes the routes first (see {@link Routed#stepForward()}).
     *
     * <p>Flow control: a message that arrived from another node and is only stepped forward (what a hop does)
     * keeps the flow it arrived through, so it reaches only workers allowed for that flow, and never a transport:
     * a hop cannot take a stranger's message past the listener's {@code allow} list, nor make this node dial out.
     * A message given a route of the worker's choosing ({@link Routed#withOnwardRoute}, e.g. a relay to a fixed
     * route) is the worker's own to send: it goes wherever the worker could send.
     */
    void forward(Routed<?> msg);

    /**
     * Sends {@code body} along {@code route} from a fresh temporary address and completes with the first reply's
     * body, decoded to {@code replyType} (Ockam's {@code send_and_receive}). Fails with TIMEOUT after
     * {@code timeout}, ADDRESS_NOT_FOUND when the route leads nowhere on this node, DECODE when the reply is
     * not a {@code replyType}.
     */
    <R> CompletionStage<R> request(Route route, Object body, Class<R> replyType, Duration timeout);

    default <R> CompletionStage<R> request(String route, Object body, Class<R> replyType, Duration timeout) {
        return request(Route.parse(route), body, replyType, timeout);
    }

    /** Sends {@code body} along {@code route} after {@code delay}. */
    Cancellable sendDelayed(Duration delay, Route route, Object body);

    /**
     * Blocks until a message for this context arrives or {@code timeout} passes (Ockam's {@code ctx.receive}).
     * Only the {@code app} context and processors can receive; workers get messages in {@code handleMessage}.
     *
     * @throws OckamException TIMEOUT, or DECODE if the body is not a {@code type} (the message is consumed)
     */
    <M> Routed<M> receive(Class<M> type, Duration timeout);

    /** Starts {@code worker} at {@code address} with allow-all access control. */
    default void startWorker(String address, Worker<?> worker) {
        WorkerBuilder.of(worker).address(address).start(this);
    }

    /** Starts {@code worker} at each of {@code addresses}; the first is its primary address. */
    default void startWorker(List<Address> addresses, Worker<?> worker) {
        WorkerBuilder b = WorkerBuilder.of(worker);
        addresses.forEach(b::address);
        b.start(this);
    }

    /** Starts a processor at {@code address}. */
    void startProcessor(String address, Processor processor);

    /** Stops the worker or processor owning {@code address} (all its addresses); its shutdown runs once. */
    void stopWorker(Address address);

    default void stopWorker(String address) {
        stopWorker(Address.parse(address));
    }
}
