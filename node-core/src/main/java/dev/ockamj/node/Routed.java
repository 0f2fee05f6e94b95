package dev.ockamj.node;

import dev.ockamj.node.codec.NeutralMessage;

import java.util.Objects;

/**
 * A message as a worker receives it: the body, the onward route (its first hop is the address the message
 * was delivered to), the return route (where replies go) and the source (the address that sent it).
 *
 * <p>Immutable. Between workers of one JVM the body is the Java object that was sent; a message that came
 * from another node carries a {@link NeutralMessage} until it is decoded for the receiving worker.
 *
 * @param <M> the type of the body
 */
public final class Routed<M> {

    private final M body;
    private final Route onwardRoute;
    private final Route returnRoute;
    private final Address source;
    private final FlowControlId flowControlId;
    /**
     * Made by {@link #stepForward()} (and not re-routed since): it goes on along the route its sender chose, so a
     * relaying worker that forwards it does not take away the flow it arrived through (see {@link Context#forward}).
     */
    private final boolean steppedForward;
    /** Ockam's form of the trace the message belongs to, or null: see {@link #tracingContext()}. */
    private final String tracingContext;

    Routed(M body, Route onwardRoute, Route returnRoute, Address source, FlowControlId flowControlId) {
        this(body, onwardRoute, returnRoute, source, flowControlId, false, null);
    }

    private Routed(M body, Route onwardRoute, Route returnRoute, Address source, FlowControlId flowControlId,
                   boolean steppedForward, String tracingContext) {
        this.body = Objects.requireNonNull(body, "body");
        this.onwardRoute = onwardRoute;
        this.returnRoute = returnRoute;
        this.source = source;
        this.flowControlId = flowControlId;
        this.steppedForward = steppedForward;
        this.tracingContext = tracingContext;
    }

    /**
     * A message to deliver along {@code onwardRoute}; used by transports and tests. It belongs to no flow.
     *
     * @param <M> the type of the body
     * @param body the body, not null
     * @param onwardRoute the route to deliver along; its first hop is the destination
     * @param returnRoute where replies go
     * @param source the address that sends the message
     * @return the message
     * @throws NullPointerException if an argument is null
     */
    public static <M> Routed<M> of(M body, Route onwardRoute, Route returnRoute, Address source) {
        return new Routed<>(body, Objects.requireNonNull(onwardRoute, "onwardRoute"),
                Objects.requireNonNull(returnRoute, "returnRoute"), Objects.requireNonNull(source, "source"), null);
    }

    /**
     * The body: the object that was sent, or a {@link NeutralMessage} until decoded.
     *
     * @return the body, never null
     */
    public M body() {
        return body;
    }

    /**
     * The onward route: its first hop is the address the message is delivered to.
     *
     * @return the onward route
     */
    public Route onwardRoute() {
        return onwardRoute;
    }

    /**
     * The return route: where replies go (send them along it).
     *
     * @return the return route
     */
    public Route returnRoute() {
        return returnRoute;
    }

    /**
     * The address that sent this message (for a message from another node: the connection's address).
     *
     * @return the source address
     */
    public Address source() {
        return source;
    }

    /**
     * The address this message is delivered to: the first hop of the onward route.
     *
     * @return the first hop of {@link #onwardRoute()}
     * @throws OckamException ADDRESS_NOT_FOUND if the onward route is empty
     */
    public Address destination() {
        return onwardRoute.next();
    }

    /**
     * The flow this message arrived through (set by transports for incoming messages, null for local ones).
     * See {@link FlowControls}.
     *
     * @return the flow's id, or null
     */
    public FlowControlId flowControlId() {
        return flowControlId;
    }

    /**
     * The same message with another body (routes, source and flow kept).
     *
     * @param <N> the type of the new body
     * @param newBody the new body, not null
     * @return a new message
     */
    public <N> Routed<N> withBody(N newBody) {
        return new Routed<>(newBody, onwardRoute, returnRoute, source, flowControlId, steppedForward,
                tracingContext);
    }

    /**
     * The same message along another onward route: one that the worker calling this chooses, so it is the worker's
     * own message to send on (a relay with a fixed route; see {@link Context#forward}).
     *
     * @param route the new onward route
     * @return a new message with {@code route}, the same body, return route, source and flow
     */
    public Routed<M> withOnwardRoute(Route route) {
        return new Routed<>(body, Objects.requireNonNull(route, "route"), returnRoute, source, flowControlId, false,
                tracingContext);
    }

    /**
     * The same message with another return route.
     *
     * @param route the new return route
     * @return a new message, otherwise the same
     */
    public Routed<M> withReturnRoute(Route route) {
        return new Routed<>(body, onwardRoute, Objects.requireNonNull(route, "route"), source, flowControlId,
                steppedForward, tracingContext);
    }

    /**
     * The same message marked as arriving through the given flow (transports call this).
     *
     * @param id the flow, or null for none
     * @return a new message, otherwise the same
     */
    public Routed<M> withFlowControlId(FlowControlId id) {
        return new Routed<>(body, onwardRoute, returnRoute, source, id, steppedForward, tracingContext);
    }

    Routed<M> withSource(Address from) {
        return new Routed<>(body, onwardRoute, returnRoute, from, flowControlId, steppedForward, tracingContext);
    }

    boolean steppedForward() {
        return steppedForward;
    }

    /**
     * What a hop does before forwarding: its own address (the first onward hop) is stepped off the onward
     * route and pushed onto the return route, so replies come back through it. The message keeps the flow it
     * arrived through: forwarded, it reaches only what its sender could reach directly. Its source becomes
     * that address.
     *
     * @return the message to pass to {@link Context#forward}
     * @throws OckamException ADDRESS_NOT_FOUND if the onward route is empty
     */
    public Routed<M> stepForward() {
        Address self = onwardRoute.next();
        return new Routed<>(body, onwardRoute.step(), returnRoute.prepend(self), self, flowControlId, true,
                tracingContext);
    }

    /**
     * The trace this message belongs to, in Ockam's form: a JSON object of W3C trace-context fields, e.g.
     * {@code {"traceparent":"00-…-…-01","tracestate":""}}, as Ockam's TCP messages carry it. Null when the message
     * carries none, which is always the case on a node built without {@link Node.Builder#openTelemetry}: with it,
     * a message sent while a span is current carries that span, and one from another node carries what it
     * brought.
     *
     * @return the tracing context, or null
     */
    public String tracingContext() {
        return tracingContext;
    }

    /**
     * The same message in another trace (transports call this with what arrived on the wire).
     *
     * @param context Ockam's form of a tracing context (see {@link #tracingContext()}), or null for none; it is not
     *                checked here: a malformed one is ignored where it is read
     * @return a new message, otherwise the same
     */
    public Routed<M> withTracingContext(String context) {
        return new Routed<>(body, onwardRoute, returnRoute, source, flowControlId, steppedForward, context);
    }

    @Override
    public String toString() {
        return "Routed[onward: " + onwardRoute + "; return: " + returnRoute + "; source: " + source + "; body: "
                + body.getClass().getSimpleName() + "]";
    }
}
