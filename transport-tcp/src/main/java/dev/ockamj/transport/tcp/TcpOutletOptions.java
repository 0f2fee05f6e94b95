package dev.ockamj.transport.tcp;

import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.IncomingAccessControl;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link TcpOutlet}. Who may open portals through it is decided first by flow control (the flows of
 * the TCP or secure channel listeners its inlets come through, {@link #reachableThrough}), then by the incoming
 * access control here (e.g. only a given peer identity). Not thread-safe; an outlet copies them.
 */
public final class TcpOutletOptions {
    private IncomingAccessControl access = msg -> true;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration linger = Duration.ofSeconds(60);
    private final java.util.List<FlowControlId> flows = new java.util.ArrayList<>();

    private TcpOutletOptions() {
    }

    /**
     * New options: no access control beyond flow control, connecting to the target within 10 s, a half-closed
     * connection lingering 60 s.
     *
     * @return new options
     */
    public static TcpOutletOptions defaults() {
        return new TcpOutletOptions();
    }

    /**
     * Checks every message to the outlet and to its portals (a Ping that would open one included).
     *
     * @param access the access control, e.g. one that admits a secure channel's peer identifier
     * @return these options
     */
    public TcpOutletOptions incomingAccessControl(IncomingAccessControl access) {
        this.access = Objects.requireNonNull(access, "access");
        return this;
    }

    /**
     * How long connecting to the target may take; after that the inlet's client is disconnected.
     *
     * @param timeout a positive duration
     * @return these options
     */
    public TcpOutletOptions connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /**
     * How long a connection whose target has stopped sending waits for the inlet's side to end too.
     *
     * @param linger a positive duration
     * @return these options
     */
    public TcpOutletOptions linger(Duration linger) {
        this.linger = positive(linger, "linger");
        return this;
    }

    /**
     * Lets inlets whose messages arrive through these flows (a TCP listener's, a secure channel listener's
     * {@code flowControlId()}) reach the outlet: Ockam's {@code as_consumer}. Like naming the outlet in the listener's
     * allow list, but it holds for this outlet, and is set again when an outlet is created again at the address.
     *
     * @param ids the flows
     * @return these options
     */
    public TcpOutletOptions reachableThrough(FlowControlId... ids) {
        for (FlowControlId id : ids) {
            flows.add(Objects.requireNonNull(id, "flow control id"));
        }
        return this;
    }

    java.util.List<FlowControlId> flows() {
        return java.util.List.copyOf(flows);
    }

    IncomingAccessControl access() {
        return access;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration linger() {
        return linger;
    }

    static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }
}
