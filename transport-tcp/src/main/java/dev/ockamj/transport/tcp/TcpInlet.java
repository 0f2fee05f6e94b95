package dev.ockamj.transport.tcp;

import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.internal.portal.InletAcceptor;
import java.net.InetSocketAddress;

/**
 * A TCP inlet (Ockam's {@code TcpInlet}): a listening socket whose every accepted connection becomes a portal to
 * the outlet at {@link #outletRoute()}; what the client sends comes out of the outlet's connection to its target,
 * and back. Created by {@link TcpTransport#createInlet}. Threads: every method is thread-safe.
 */
public final class TcpInlet {
    private final InletAcceptor acceptor;

    TcpInlet(InletAcceptor acceptor) {
        this.acceptor = acceptor;
    }

    /** @return the address the inlet listens on (with the port chosen for port 0) */
    public InetSocketAddress socketAddress() {
        return acceptor.socketAddress();
    }

    /** @return {@code host:port} of {@link #socketAddress()} */
    public String hostPort() {
        InetSocketAddress a = socketAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /**
     * @return the route new connections go to, e.g. {@code [connection, outlet]} or {@code [channel, outlet]}; null
     *     before the first connection or after its first hop went away, for an inlet made with a route supplier
     */
    public Route outletRoute() {
        return acceptor.outletRoute();
    }

    /** @return how many client connections are open through it now */
    public int connections() {
        return acceptor.connections();
    }

    /** @return false once stopped */
    public boolean isOpen() {
        return acceptor.isOpen();
    }

    InletAcceptor acceptor() {
        return acceptor;
    }

    @Override
    public String toString() {
        return "TcpInlet(" + hostPort() + " → " + outletRoute() + ")";
    }
}
