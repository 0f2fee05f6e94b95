package dev.ockamj.transport.tcp;

import dev.ockamj.node.Address;
import dev.ockamj.transport.tcp.internal.portal.OutletListener;

/**
 * A TCP outlet (Ockam's {@code TcpOutlet}): a worker at {@link #address()} that, for every inlet connection that
 * reaches it, opens a connection to {@link #target()} and carries the bytes both ways. Created by
 * {@link TcpTransport#createOutlet}. Threads: every method is thread-safe.
 */
public final class TcpOutlet {
    private final Address address;
    private final String target;
    private final OutletListener listener;

    TcpOutlet(Address address, String target, OutletListener listener) {
        this.address = address;
        this.target = target;
        this.listener = listener;
    }

    /** @return the outlet's address, the last hop of an inlet's outlet route (Ockam's default: {@code outlet}) */
    public Address address() {
        return address;
    }

    /** @return the target's {@code host:port} */
    public String target() {
        return target;
    }

    /** @return how many portal connections are open through it now */
    public int connections() {
        return listener.connections();
    }

    @Override
    public String toString() {
        return "TcpOutlet(" + address + " → " + target + ")";
    }
}
