package dev.ockamj.node.relay;

import dev.ockamj.node.Address;
import dev.ockamj.node.Route;

/**
 * A relay on the node that serves it.
 *
 * @param address where it is, e.g. {@code forward_to_n2}: what others put in their routes
 * @param forwardRoute where it sends what it receives: the way back to the node that registered it
 */
public record Relay(Address address, Route forwardRoute) {
}
