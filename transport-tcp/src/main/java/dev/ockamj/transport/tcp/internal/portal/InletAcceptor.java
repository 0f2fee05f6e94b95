package dev.ockamj.transport.tcp.internal.portal;

import dev.ockamj.node.Address;
import dev.ockamj.node.Cancellable;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.WorkerBuilder;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.spi.NodeSpi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP inlet's listening socket (inlet_listener.rs at fb8fb64): every accepted connection becomes a portal
 * worker that pings the outlet route. Accepts on a thread of its own.
 */
public final class InletAcceptor {
    private static final Logger LOG = LoggerFactory.getLogger(InletAcceptor.class);
    private static final LogLimit NOT_SERVED = new LogLimit();
    private final Node node;
    private final ServerSocket server;
    private final Supplier<Route> outletRoutes;
    private Route outletRoute; // the supplier's last answer, until its first hop goes away
    private Cancellable routeWatch;
    private final PortalWorker.Settings settings;
    private final Set<PortalWorker> portals = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    public InletAcceptor(Node node, ServerSocket server, Supplier<Route> outletRoutes, PortalWorker.Settings settings) {
        this.node = node;
        this.server = server;
        this.outletRoutes = outletRoutes;
        this.settings = new PortalWorker.Settings(settings.connectTimeout(), settings.pongTimeout(), settings.linger(),
                p -> {
                    portals.remove(p);
                    settings.ended().accept(p);
                });
        this.thread = new Thread(this::accept, "ockamj-inlet-" + server.getLocalPort());
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("TCP inlet {}: accept failed: {}; the inlet closes", server.getLocalSocketAddress(),
                            e.getMessage());
                    close();
                }
                return;
            }
            try {
                client.setTcpNoDelay(true);
                PortalWorker portal = PortalWorker.inlet(client, route(), settings);
                portals.add(portal);
                WorkerBuilder.of(portal).address(portal.address()).blocking().start(node);
            } catch (IOException | RuntimeException e) {
                long held = NOT_SERVED.admit();
                if (held >= 0) {
                    LOG.warn("TCP inlet {}: client {} not served: {}{}", server.getLocalSocketAddress(),
                            client.getRemoteSocketAddress(), e.getMessage(), LogLimit.suffix(held));
                }
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    public InetSocketAddress socketAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * The route new connections ping: the supplier is asked again once the first hop of its last answer (a TCP
     * connection, a secure channel) has gone away, so an inlet outlives the way to its outlet.
     */
    private synchronized Route route() {
        if (outletRoute == null) {
            Route r = outletRoutes.get();
            if (r == null || r.isEmpty()) {
                throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "no route to the outlet");
            }
            Address first = r.next();
            outletRoute = r;
            // a first hop already gone forgets the route at once: this connection still tries it, the next asks anew
            routeWatch = first.isLocal() ? NodeSpi.of(node).whenGone(first, this::forgetRoute) : null;
            return r;
        }
        return outletRoute;
    }

    private synchronized void forgetRoute() {
        outletRoute = null;
    }

    /** @return the route new connections go to now, or null if it is to be asked for again */
    public synchronized Route outletRoute() {
        return outletRoute;
    }

    public int connections() {
        return portals.size();
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Stops accepting and ends every portal of this inlet. */
    public void close() {
        closed = true;
        synchronized (this) {
            if (routeWatch != null) {
                routeWatch.cancel();
            }
        }
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (PortalWorker p : portals) {
            try {
                node.stopWorker(p.address());
            } catch (RuntimeException e) {
                // stopped meanwhile
            }
        }
    }
}
