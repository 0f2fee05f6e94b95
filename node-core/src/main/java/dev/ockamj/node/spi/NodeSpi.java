package dev.ockamj.node.spi;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import dev.ockamj.node.Address;
import dev.ockamj.node.Cancellable;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Routed;
import dev.ockamj.node.internal.NodeInternals;

/**
 * What a transport or a protocol module plugs into a node with: registering a transport type, addresses
 * served by its own {@link Recipient}s, routing messages that arrived from elsewhere, and failing the requests
 * that wait for messages it could not carry. Application code does not need it.
 *
 * <p>Obtain it with {@link #of(Node)}. Every method is safe from any thread and does not block.
 */
public interface NodeSpi {

    /**
     * The SPI handle of {@code node}.
     *
     * @param node a started node
     * @return its handle (the same one each time)
     */
    static NodeSpi of(Node node) {
        return NodeInternals.access().spi(node);
    }

    /**
     * The node this handle belongs to.
     *
     * @return the node passed to {@link #of(Node)}
     */
    Node node();

    /**
     * Makes {@code router} handle every message whose next hop has transport type {@code type}.
     *
     * @param type the transport type, 1 to 255 (0 is LOCAL)
     * @param router the transport's router
     * @throws OckamException ADDRESS_TAKEN if a transport already has that type; INVALID_ADDRESS for type 0 or
     *         a type out of range
     */
    void registerTransport(int type, TransportRouter router);

    /**
     * Delivers a message as it is: one that arrived from another node (marked with its flow control id), or one
     * whose transport hop was resolved to a connection's address. Never throws; a message that leads nowhere is
     * dropped and logged, and the request waiting for it is failed.
     *
     * @param msg the message to route
     */
    void route(Routed<?> msg);

    /**
     * {@link #route(Routed)}, then runs {@code consumed} once the message no longer waits on this node: its
     * worker has handled it (or dropped it), it was handed to a context, a transport or another recipient, it
     * could not be delivered, or its worker stopped before taking it. With it a transport can stop reading from a
     * peer whose messages pile up in a worker's (unbounded) mailbox.
     *
     * @param msg the message to route
     * @param consumed runs exactly once, on any thread; must be quick and must not throw
     */
    void route(Routed<?> msg, Runnable consumed);

    /**
     * Fails every request on this node waiting for a reply to {@code msg} (its return route leads back to a
     * request's temporary address). A message from another node (one with a flow control id) fails nothing.
     *
     * @param msg a message that could not be carried
     * @param error what the waiting request completes with
     */
    void failRequests(Routed<?> msg, OckamException error);

    /**
     * Fails the request waiting at {@code address} (a request's temporary address), if any.
     *
     * @param address a request's temporary address
     * @param error what the waiting request completes with
     */
    void failRequestAt(Address address, OckamException error);

    /**
     * Serves {@code address} with {@code recipient}: a message routed to it is handed to the recipient on the
     * sender's thread.
     *
     * @param address a LOCAL address, e.g. a connection's
     * @param recipient what takes its messages
     * @throws OckamException ADDRESS_TAKEN, INVALID_ADDRESS (not LOCAL), NODE_STOPPED
     */
    void register(Address address, Recipient recipient);

    /**
     * Undoes {@link #register}: the address is free again and its flow control entries are removed. Does nothing
     * if {@code address} is not served by {@code recipient}.
     *
     * @param address the address given to {@link #register}
     * @param recipient the recipient given to {@link #register}
     */
    void unregister(Address address, Recipient recipient);

    /**
     * Runs {@code action} once, when {@code address} loses its owner (its worker, processor or recipient stops
     * or is unregistered), or at once on this thread if nothing owns it now. It lets a protocol end what depends
     * on a hop: a secure channel or a portal whose TCP connection closed.
     *
     * @param address any LOCAL address
     * @param action runs on the thread that releases the address; must be quick and must not block
     * @return a handle that calls the action off if it has not run yet
     */
    Cancellable whenGone(Address address, Runnable action);

    /**
     * The registry the user gave {@link Node.Builder#meterRegistry}, for a transport's or protocol's own meters
     * (tag them with {@code node} = {@link Node#name()}, and remove them when what they measure ends).
     *
     * @return the node's registry, or empty when metrics are off: then register nothing
     */
    Optional<MeterRegistry> meterRegistry();

    /**
     * Whether the node traces ({@link Node.Builder#openTelemetry}): then a transport puts the tracing context that
     * arrives with a message on it ({@link Routed#withTracingContext}) and sends the one a message carries
     * ({@link Routed#tracingContext}); otherwise it reads none in and writes none out.
     *
     * @return true if the node was built with an OpenTelemetry
     */
    boolean tracing();
}
