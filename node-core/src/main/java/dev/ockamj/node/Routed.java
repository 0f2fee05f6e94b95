package dev.ockamj.node;

import dev.ockamj.node.codec.NeutralMessage;

import java.util.Objects;

/**
 * A message as a worker receives it: the body, the onward route (its first hop is the address the message
 * was delivered to), the return route (where replies go) and the source (the address that sent it).
 *
 * <p>Immutable. Between workers of one JVM the body is the Java object that was sent; a message that came
 * from another node carries a {@link NeutralMessage} until it is decoded for the receiving worker.
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

    Routed(M body, Route onwardRoute, Route returnRoute, Address source, FlowControlId flowControlId) {
        this(body, onwardRoute, returnRoute, source, flowControlId, false);
    }

    private Routed(M body, Route onwardRoute, Route returnRoute, Address source, FlowControlId flowControlId,
                   boolean steppedForward) {
        this.body = Objects.requireNonNull(body, "body");
        this.onwardRoute = onwardRoute;
        this.returnRoute = returnRoute;
        this.source = source;
        this.flowControlId = flowControlId;
        this.steppedForward = steppedForward;
    }

    /** A message to deliver along {@code onwardRoute}; used by transports and tests. */
    public static <M> Routed<M> of(M body, Route onwardRoute, Route returnRoute, Address source) {
        return new Routed<>(body, Objects.requireNonNull(onwardRoute, "onwardRoute"),
                Objects.requireNonNull(returnRoute, "returnRoute"), Objects.requireNonNull(source, "source"), null);
    }

    public M body() {
        return body;
    }

    public Route onwardRoute() {
        return onwardRoute;
    }

    public Route returnRoute() {
        return returnRoute;
    }

    /** The address that sent this message (for a message from another node: the connection's address). */
    public Address source() {
        return source;
    }

    /** The address this message is delivered to: the first hop of the onward route. */
    public Address destination() {
        return onwardRoute.next();
    }

    /**
     * The flow this message arrived through (set by transports for incoming messages, null for local ones).
     * See {@link FlowControls}.
     */
    public FlowControlId flowControlId() {
        return flowControlId;
    }

    /** The same message with another body. */
    public <N> Routed<N> withBody(N newBody) {
        return new Routed<>(newBody, onwardRoute, returnRoute, source, flowControlId, steppedForward);
    }

    /**
     * The same message along another onward route: one that the worker calling this chooses, so it is the worker's
     * own message to send on (a relay with a fixed route; see {@link Context#forward}).
     */
    public Routed<M> withOnwardRoute(Route route) {
        return new Routed<>(body, Objects.requireNonNull(route, "route"), returnRoute, source, flowControlId);
    }

    public Routed<M> withReturnRoute(Route route) {
        return new Routed<>(body, onwardRoute, Objects.requireNonNull(route, "route"), source, flowControlId,
                steppedForward);
    }

    /** The same message marked as arriving through the given flow (transports call this). */
    public Routed<M> withFlowControlId(FlowControlId id) {
        return new Routed<>(body, onwardRoute, returnRoute, source, id, steppedForward);
    }

    Routed<M> withSource(Address from) {
        return new Routed<>(body, onwardRoute, returnRoute, from, flowControlId, steppedForward);
    }

    boolean steppedForward() {
        return steppedForward;
    }

    /**
     * What a hop does before forwarding: its own address (the first onward hop) is stepped off the onward
     * route and pushed onto the return route, so replies come back through it. The message keeps the flow it
     * arrived through: forwarded, it reaches only what its sender could reach directly.
     */
    public Routed<M> stepForward() {
        Address self = onwardRoute.next();
        return new Routed<>(body, onwardRoute.step(), returnRoute.prepend(self), self, flowControlId, true);
    }

    @Override
    public String toString() {
        return "Routed[onward: " + onwardRoute + "; return: " + returnRoute + "; source: " + source + "; body: "
                + body.getClass().getSimpleName() + "]";
    }
}
