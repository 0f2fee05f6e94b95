package dev.ockamj.cluster;

import java.util.List;

/**
 * A routed message on its way from one member to another: the onward route (its first hop names a worker on the
 * receiving member), the return route, the body's bytes, and the sending member ({@code host:port}), which the
 * receiver pushes onto the return route so that replies find their way back.
 */
record ClusterEnvelope(String fromMember, List<WireAddress> onward, List<WireAddress> returnRoute, byte[] payload)
        implements ClusterMessage {

    /** Readable in Akka's dead-letter log: names the sending member and the addresses. */
    @Override
    public String toString() {
        return "ClusterEnvelope[from " + fromMember + "; onward: " + WireAddress.route(onward) + "; return: "
                + WireAddress.route(returnRoute) + "; " + payload.length + " bytes]";
    }
}
