package dev.ockamj.transport.tcp.internal.portal;

import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.WorkerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP inlet's listening socket (inlet_listener.rs at fb8fb64): every accepted connection becomes a portal
 * worker that pings the outlet route. Accepts on a thread of its own.
 */
public final class InletAcceptor {
    private static final Logger LOG = LoggerFactory.getLogger(InletAcceptor.class);
    private final Node node;
    private final ServerSocket server;
    private final Route outletRoute;
    private final PortalWorker.Settings settings;
    private final Set<PortalWorker> portals = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    public InletAcceptor(Node node, ServerSocket server, Route outletRoute, PortalWorker.Settings settings) {
        this.node = node;
        this.server = server;
        this.outletRoute = outletRoute;
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
                PortalWorker portal = PortalWorker.inlet(client, outletRoute, settings);
                portals.add(portal);
                WorkerBuilder.of(portal).address(portal.address()).blocking().start(node);
            } catch (IOException | OckamException e) {
                LOG.warn("TCP inlet {}: client {} not served: {}", server.getLocalSocketAddress(),
                        client.getRemoteSocketAddress(), e.getMessage());
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

    public Route outletRoute() {
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
