package dev.ockamj.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a worker, a processor or the program itself (the node's {@code app} context) uses to talk to the
 * node: send messages along routes, ask for replies, start and stop workers.
 *
 * <p>Threads: every method hands its work to the node's router, which routes on the calling thread through a
 * concurrent address table, so a context may be used from any thread — inside a worker's handler, or in a
 * completion stage of {@link #request(Route, Object, Class, Duration) request} that runs on another thread.
 * Only {@link #receive} blocks, and only the {@code app} context and processors can call it.
 */
public interface Context {

    /**
     * The node this context belongs to. Thread-safe.
     *
     * @return the node that owns this context's addresses
     */
    Node node();

    /**
     * The primary address: the one used as source and return route when sending. Thread-safe.
     *
     * @return this context's first address ({@code app} for the program's context)
     */
    Address address();

    /**
     * Every address this context owns (the primary one first). Thread-safe.
     *
     * @return an unmodifiable list of this context's addresses, {@link #address()} first
     */
    List<Address> addresses();

    /**
     * Sends {@code body} along {@code route}; the return route is this context's address. Thread-safe.
     *
     * @param route the onward route; its first hop is a local worker or a transport's address
     * @param body the message body: any object for local workers, BARE-encodable if it leaves the JVM
     * @throws OckamException NODE_STOPPED after the node stopped, ACCESS_DENIED if this address's outgoing
     *     access control refuses. A route to an address nobody owns is logged, not thrown (it is asynchronous).
     */
    default void send(Route route, Object body) {
        sendFrom(address(), route, body);
    }

    /**
     * {@link #send(Route, Object)} with a route given as text, e.g. {@code "h1 => echoer"}. Thread-safe.
     *
     * @param route the onward route in the syntax of {@link Route#parse(String)}
     * @param body the message body
     * @throws OckamException as {@link #send(Route, Object)}, or INVALID_ADDRESS if {@code route} does not parse
     */
    default void send(String route, Object body) {
        send(Route.parse(route), body);
    }

    /**
     * Sends from one of this context's own addresses (its source and return route), checked against that
     * address's outgoing access control. Thread-safe.
     *
     * @param from one of {@link #addresses()}
     * @param route the onward route
     * @param body the message body
     * @throws OckamException INVALID_ADDRESS if {@code from} is not an address of this context, and as
     *     {@link #send(Route, Object)}
     */
    void sendFrom(Address from, Route route, Object body);

    /**
     * Delivers {@code msg} to the first hop of its onward route with its return route as it is. A worker that
     * relays messages changes the routes first (see {@link Routed#stepForward()}). Thread-safe.
     *
     * <p>Flow control: a message that arrived from another node and is only stepped forward (what a hop does)
     * keeps the flow it arrived through, so it reaches only workers allowed for that flow, and never a transport:
     * a hop cannot take a stranger's message past the listener's {@code allow} list, nor make this node dial out.
     * A message given a route of the worker's choosing ({@link Routed#withOnwardRoute}, e.g. a relay to a fixed
     * route) is the worker's own to send: it goes wherever the worker could send.
     *
     * <p>If the message's source is not one of this context's addresses, it is sent from {@link #address()}.
     *
     * @param msg the message to deliver, routes already changed as the worker wants
     * @throws OckamException NODE_STOPPED after the node stopped, ACCESS_DENIED if outgoing access control refuses
     */
    void forward(Routed<?> msg);

    /**
     * Sends {@code body} along {@code route} from a fresh temporary address and completes with the first reply's
     * body, decoded to {@code replyType} (Ockam's {@code send_and_receive}). Fails with TIMEOUT after
     * {@code timeout}, ADDRESS_NOT_FOUND when the route leads nowhere on this node, DECODE when the reply is
     * not a {@code replyType}. Thread-safe; it never blocks.
     *
     * @param <R> the type of the reply's body
     * @param route the onward route of the request
     * @param body the request's body
     * @param replyType the class the reply's body is decoded to
     * @param timeout how long to wait for the reply
     * @return a stage that completes with the reply's body, or exceptionally with an {@link OckamException}
     * @throws OckamException NODE_STOPPED after the node stopped (other failures complete the stage instead)
     */
    <R> CompletionStage<R> request(Route route, Object body, Class<R> replyType, Duration timeout);

    /**
     * {@link #request(Route, Object, Class, Duration)} with a route given as text, e.g. {@code "h1 => echoer"}.
     * Thread-safe.
     *
     * @param <R> the type of the reply's body
     * @param route the onward route in the syntax of {@link Route#parse(String)}
     * @param body the request's body
     * @param replyType the class the reply's body is decoded to
     * @param timeout how long to wait for the reply
     * @return a stage that completes with the reply's body, or exceptionally with an {@link OckamException}
     * @throws OckamException NODE_STOPPED after the node stopped, INVALID_ADDRESS if {@code route} does not parse
     */
    default <R> CompletionStage<R> request(String route, Object body, Class<R> replyType, Duration timeout) {
        return request(Route.parse(route), body, replyType, timeout);
    }

    /**
     * Sends {@code body} along {@code route} after {@code delay}, from this context's primary address. A send that
     * fails when it runs (e.g. the node stopped) is logged. Thread-safe.
     *
     * @param delay how long to wait before sending
     * @param route the onward route
     * @param body the message body
     * @return a handle that calls the send off if it has not run yet
     * @throws OckamException NODE_STOPPED after the node stopped
     */
    Cancellable sendDelayed(Duration delay, Route route, Object body);

    /**
     * Blocks until a message for this context arrives or {@code timeout} passes (Ockam's {@code ctx.receive}).
     * Only the {@code app} context and processors can receive; workers get messages in {@code handleMessage}.
     * Thread-safe for those contexts: each message goes to one of the threads waiting.
     *
     * @param <M> the type of the body
     * @param type the class the body is decoded to
     * @param timeout how long to wait
     * @return the next message for this context, its body a {@code type}
     * @throws OckamException TIMEOUT, or DECODE if the body is not a {@code type} (the message is consumed);
     *     NODE_STOPPED once the context is closed; INTERNAL if the thread is interrupted, or if called on a
     *     worker's context
     */
    <M> Routed<M> receive(Class<M> type, Duration timeout);

    /**
     * Starts {@code worker} at {@code address} with allow-all access control. Thread-safe: the address is
     * taken at once, and the worker's {@code initialize} runs later on its own actor.
     *
     * @param address the worker's LOCAL address, e.g. {@code "echoer"}
     * @param worker the worker to start
     * @throws OckamException ADDRESS_TAKEN if the address has an owner, INVALID_ADDRESS if it is not a LOCAL
     *     address, NODE_STOPPED if the node is stopping
     */
    default void startWorker(String address, Worker<?> worker) {
        WorkerBuilder.of(worker).address(address).start(this);
    }

    /**
     * Starts {@code worker} at each of {@code addresses}; the first is its primary address. Either all addresses
     * are taken or none. Thread-safe.
     *
     * @param addresses the worker's LOCAL addresses, at least one
     * @param worker the worker to start
     * @throws OckamException ADDRESS_TAKEN if one of the addresses has an owner, INVALID_ADDRESS if one is not a
     *     LOCAL address, NODE_STOPPED if the node is stopping
     */
    default void startWorker(List<Address> addresses, Worker<?> worker) {
        WorkerBuilder b = WorkerBuilder.of(worker);
        addresses.forEach(b::address);
        b.start(this);
    }

    /**
     * Starts a processor at {@code address}. Thread-safe.
     *
     * @param address the processor's LOCAL address
     * @param processor the processor to start
     * @throws OckamException ADDRESS_TAKEN if the address has an owner, INVALID_ADDRESS if it does not parse or is
     *     not LOCAL, NODE_STOPPED if the node is stopping
     */
    void startProcessor(String address, Processor processor);

    /**
     * Stops the worker or processor owning {@code address} (all its addresses); its shutdown runs once. Returns
     * at once: the addresses are released now, the shutdown runs on the worker's own thread. Thread-safe.
     *
     * @param address any address of the worker or processor
     * @throws OckamException ADDRESS_NOT_FOUND if no worker or processor has {@code address}
     */
    void stopWorker(Address address);

    /**
     * {@link #stopWorker(Address)} with the address given as text. Thread-safe.
     *
     * @param address any address of the worker or processor, in the syntax of {@link Address#parse(String)}
     * @throws OckamException ADDRESS_NOT_FOUND if no worker or processor has it, INVALID_ADDRESS if it does not parse
     */
    default void stopWorker(String address) {
        stopWorker(Address.parse(address));
    }
}
