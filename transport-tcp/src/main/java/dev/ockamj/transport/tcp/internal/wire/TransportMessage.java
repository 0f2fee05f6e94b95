package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.Route;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message as it travels in a TCP frame (Ockam's {@code TcpTransportMessage}, docs/wire.md §4).
 *
 * <p>The payload array is not copied, so that a frame's bytes are not copied more than once; treat it as
 * read-only. {@code tracingContext} is null when absent.
 */
public record TransportMessage(Route onwardRoute, Route returnRoute, byte[] payload, String tracingContext) {

    public TransportMessage {
        Objects.requireNonNull(onwardRoute, "onwardRoute");
        Objects.requireNonNull(returnRoute, "returnRoute");
        Objects.requireNonNull(payload, "payload");
    }

    /** A message without tracing context. */
    public TransportMessage(Route onwardRoute, Route returnRoute, byte[] payload) {
        this(onwardRoute, returnRoute, payload, null);
    }

    /** An empty onward route marks a heartbeat: the receiver ignores it (docs/wire.md §6 step 4). */
    public boolean isHeartbeat() {
        return onwardRoute.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportMessage m
                && m.onwardRoute.equals(onwardRoute)
                && m.returnRoute.equals(returnRoute)
                && Arrays.equals(m.payload, payload)
                && Objects.equals(m.tracingContext, tracingContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(onwardRoute, returnRoute, Arrays.hashCode(payload), tracingContext);
    }

    /** Safe to log: route values and tracing context come from peers, so they are escaped. */
    @Override
    public String toString() {
        return "TransportMessage[onward=" + Printable.escape(onwardRoute.toString(), 200)
                + ", return=" + Printable.escape(returnRoute.toString(), 200)
                + ", payload=" + payload.length + " bytes"
                + (tracingContext == null ? "" : ", tracing=" + Printable.escape(tracingContext, 120)) + "]";
    }
}
