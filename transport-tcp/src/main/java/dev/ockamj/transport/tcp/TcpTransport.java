package dev.ockamj.transport.tcp;

import dev.ockamj.node.internal.HostPort;

import dev.ockamj.node.spi.NodeSpi;

import dev.ockamj.node.Address;
import dev.ockamj.node.FlowControlId;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.transport.tcp.internal.portal.InletAcceptor;
import dev.ockamj.transport.tcp.internal.portal.OutletListener;
import dev.ockamj.transport.tcp.internal.portal.PortalWorker;
import dev.ockamj.node.TransportType;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ockam's TCP transport for a node: listeners, connections, and the router for transport type 1, so that a
 * route hop {@code 1#host:port} opens (or reuses) a connection by itself. Speaks Ockam's wire protocol byte
 * for byte (docs/wire.md), so the peer may be another ockamj node or an Ockam Rust node.
 *
 * <pre>{@code
 * TcpTransport tcp = TcpTransport.create(node);
 * tcp.listen("127.0.0.1:4000", TcpListenerOptions.defaults().allow("echoer"));
 * // elsewhere:
 * TcpConnection c = tcp.connect("localhost:4000");
 * node.send(Route.of(c.address(), Address.local("echoer")), "Hello Ockam!");
 * }</pre>
 *
 * <p>Threads: every public method is thread-safe. {@link #connect} blocks until the connection is established
 * or fails; the others do not wait on the network.
 */
public final class TcpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

    private final Node node;
    private final IoLoop loop;
    /** Outgoing connections by {@code host:port}, for routes through {@code 1#host:port}. */
    private final ConcurrentHashMap<String, TcpConnection> byPeer = new ConcurrentHashMap<>();
    private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
    /** The open connections' addresses: where a return route leaves this node. */
    private final Set<Address> connectionAddresses = ConcurrentHashMap.newKeySet();
    private final Set<TcpListener> listeners = ConcurrentHashMap.newKeySet();
    private final Set<TcpInlet> inlets = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Address, TcpOutlet> outlets = new ConcurrentHashMap<>();
    /** Lines that peers (or senders to closed connections) can trigger at will, each kind limited on its own. */
    final LogLimit peerLog = new LogLimit();
    final LogLimit closedLog = new LogLimit();
    final LogLimit refusedLog = new LogLimit();

    private final TcpMetrics metrics;

    private TcpTransport(Node node) {
        this.node = node;
        this.loop = new IoLoop("ockamj-tcp-" + node.name());
        this.metrics = new TcpMetrics(NodeSpi.of(node));
    }

    TcpMetrics metrics() {
        return metrics;
    }

    /**
     * Starts the TCP transport of {@code node} and registers it for transport type 1. It stops with the node.
     *
     * @param node a started node
     * @return the node's TCP transport, with its own I/O thread
     * @throws OckamException ADDRESS_TAKEN if the node already has a TCP transport
     */
    public static TcpTransport create(Node node) {
        TcpTransport t = new TcpTransport(node);
        try {
            NodeSpi.of(node).registerTransport(TransportType.TCP, t::route);
        } catch (OckamException e) {
            t.loop.stop();
            throw new OckamException(e.kind(), "node '" + node.name() + "' already has a TCP transport", e);
        }
        node.whenStopped().thenRun(t::close);
        return t;
    }

    Node node() {
        return node;
    }

    IoLoop loop() {
        return loop;
    }

    // ---- listeners ----

    /**
     * Listens with default options: nothing on the node is reachable until allowed (see {@link TcpListenerOptions}).
     *
     * @param bindAddress {@code host:port} to bind to; port 0 picks a free port
     * @return the listener, accepting connections
     * @throws OckamException INVALID_ADDRESS for bad text, TRANSPORT if the address cannot be bound
     */
    public TcpListener listen(String bindAddress) {
        return listen(bindAddress, TcpListenerOptions.defaults());
    }

    /**
     * Listens on {@code host:port} (port 0 picks a free port; see {@link TcpListener#socketAddress()}).
     *
     * @param bindAddress {@code host:port} to bind to
     * @param options the listener's protocol, buffer limit and the workers reachable through it
     * @return the listener, accepting connections
     * @throws OckamException INVALID_ADDRESS for bad text, TRANSPORT if the address cannot be bound
     */
    public TcpListener listen(String bindAddress, TcpListenerOptions options) {
        HostPort hp = HostPort.parse(bindAddress);
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(hp.resolve(), 1024);
            server.configureBlocking(false);
            TcpListener listener = new TcpListener(this, server, options.protocol(), options.maxQueuedBytes());
            for (Address a : options.allowed()) {
                node.flowControls().addConsumer(a, listener.flowControlId());
            }
            onLoop(() -> {
                listener.start();
                return null;
            });
            listeners.add(listener);
            LOG.info("TCP listener on {} ({}), workers allowed through it: {}", listener.hostPort(), options.protocol(), options.allowed());
            return listener;
        } catch (IOException e) {
            closeQuietly(server);
            throw new OckamException(OckamException.Kind.TRANSPORT, "cannot listen on " + hp + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops accepting on {@code listener}; its connections stay open.
     *
     * @param listener one of this transport's listeners
     */
    public void stopListener(TcpListener listener) {
        listeners.remove(listener);
        listener.close();
    }

    /**
     * The listeners that have not been stopped.
     *
     * @return a snapshot of this transport's listeners
     */
    public List<TcpListener> listeners() {
        return List.copyOf(listeners);
    }

    void accepted(TcpListener listener, SocketChannel channel, String peer) {
        TcpConnection c = new TcpConnection(this, channel, peer, TcpConnection.Mode.INCOMING, listener.protocol(),
                FlowControlId.childOf(listener.flowControlId()), listener.maxQueuedBytes());
        NodeSpi.of(node).register(c.address(), c.recipient);
        metrics.opened(c, listener.hostPort());
        connections.add(c);
        connectionAddresses.add(c.address());
        c.open(null);
        LOG.debug("accepted {} on {}", c, listener.hostPort());
    }

    // ---- connections ----

    /**
     * Opens a connection to {@code host:port} with default options and waits until it is established.
     *
     * @param peer {@code host:port} of the peer; a host name is resolved off the I/O thread
     * @return the open connection
     * @throws OckamException INVALID_ADDRESS for bad text; TRANSPORT naming the peer when the connection is
     *     refused, the host cannot be resolved or reached, or the connect timeout (10 s) passes
     */
    public TcpConnection connect(String peer) {
        return connect(peer, TcpConnectionOptions.defaults());
    }

    /**
     * Opens a connection to {@code host:port} and waits until it is established.
     *
     * @param peer {@code host:port} of the peer; a host name is resolved off the I/O thread
     * @param options the connection's protocol, connect timeout, buffer limit and the workers the peer may reach
     * @return the open connection
     * @throws OckamException INVALID_ADDRESS for bad text; TRANSPORT naming the peer when the connection is
     *     refused, the host cannot be resolved or reached, or the connect timeout passes
     */
    public TcpConnection connect(String peer, TcpConnectionOptions options) {
        TcpConnection c = open(HostPort.parse(peer), options);
        byPeer.putIfAbsent(c.peer(), c);
        try {
            return c.whenConnected.get(options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof OckamException o ? o
                    : new OckamException(OckamException.Kind.TRANSPORT, "cannot connect to " + peer, e.getCause());
        } catch (TimeoutException e) {
            c.close(TcpMetrics.Close.CONNECT_FAILED, "connect timed out");
            throw new OckamException(OckamException.Kind.TRANSPORT, "cannot connect to " + c.peer() + ": timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close(TcpMetrics.Close.LOCAL, "interrupted");
            throw new OckamException(OckamException.Kind.TRANSPORT, "interrupted while connecting to " + c.peer());
        }
    }

    private TcpConnection open(HostPort hp, TcpConnectionOptions options) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        } catch (IOException e) {
            throw new OckamException(OckamException.Kind.TRANSPORT, "cannot open a socket to " + hp + ": " + e.getMessage(), e);
        }
        TcpConnection c = new TcpConnection(this, channel, hp.toString(), TcpConnection.Mode.OUTGOING,
                options.protocol(), FlowControlId.random(), options.maxQueuedBytes());
        NodeSpi.of(node).register(c.address(), c.recipient);
        metrics.opened(c, null);
        for (Address a : options.allowed()) {
            node.flowControls().addConsumer(a, c.flowControlId());
        }
        connections.add(c);
        connectionAddresses.add(c.address());
        // a host name is looked up away from the I/O thread, which must never wait on DNS
        CompletableFuture.supplyAsync(hp::resolve).whenComplete((remote, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                c.close(TcpMetrics.Close.CONNECT_FAILED, "cannot connect to " + hp + ": " + cause.getMessage());
            } else {
                loop.execute(() -> c.open(remote));
            }
        });
        Duration timeout = options.connectTimeout();
        node.actorSystem().scheduler().scheduleOnce(timeout, () -> {
            if (!c.whenConnected.isDone()) {
                c.close(TcpMetrics.Close.CONNECT_FAILED, "cannot connect to " + hp + ": timed out after " + timeout.toMillis() + " ms");
            }
        }, node.actorSystem().executionContext());
        return c;
    }

    /**
     * Closes {@code connection}; requests waiting for replies through it fail at once. Closing a closed
     * connection does nothing.
     *
     * @param connection one of this transport's connections
     */
    public void disconnect(TcpConnection connection) {
        connection.close(TcpMetrics.Close.LOCAL, "disconnected by this node");
    }

    /**
     * Closes the connection whose address is {@code address}; requests waiting for replies through it fail at once.
     *
     * @param address the connection's LOCAL address ({@link TcpConnection#address()})
     * @throws OckamException ADDRESS_NOT_FOUND if no open connection of this transport has that address
     */
    public void disconnect(Address address) {
        connections.stream().filter(c -> c.address().equals(address)).findFirst().orElseThrow(
                () -> new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "no TCP connection has address " + address))
                .close(TcpMetrics.Close.LOCAL, "disconnected by this node");
    }

    /**
     * The open connections, outgoing and incoming.
     *
     * @return a snapshot of this transport's connections
     */
    public List<TcpConnection> connections() {
        return List.copyOf(connections);
    }

    /** True if {@code a} is the address of one of this transport's connections. */
    boolean isConnection(Address a) {
        return connectionAddresses.contains(a);
    }

    void forget(TcpConnection c) {
        connections.remove(c);
        connectionAddresses.remove(c.address());
        byPeer.remove(c.peer(), c);
    }

    // ---- the router for transport type 1 ----

    /** A message whose next hop is {@code 1#host:port}: resolve it to a connection, opening one if needed. */
    private void route(Routed<?> msg) {
        String peerText = msg.onwardRoute().next().valueString();
        TcpConnection c;
        try {
            HostPort hp = HostPort.parse(peerText);
            c = byPeer.get(hp.toString());
            if (c == null || !c.isOpen()) {
                c = byPeer.compute(hp.toString(), (k, old) -> old != null && old.isOpen() ? old
                        : open(hp, TcpConnectionOptions.defaults()));
            }
        } catch (OckamException e) {
            LOG.warn("message not sent to {}: {}", dev.ockamj.node.internal.Printable.escape(peerText, 200), e.getMessage());
            NodeSpi.of(node).failRequests(msg, e);
            return;
        }
        c.send(msg.withOnwardRoute(msg.onwardRoute().replaceNext(c.address())));
    }

    // ---- portals ----

    /**
     * Starts a TCP inlet: listens on {@code bindAddress}, and makes every accepted connection a portal to the
     * outlet at {@code outletRoute} (e.g. {@code [channel, outlet]} through a secure channel, or {@code [connection,
     * outlet]}). Nothing is read from a client before the outlet has connected to its target.
     *
     * @param bindAddress {@code host:port} to listen on; port 0 picks a free port
     * @param outletRoute the route to the outlet's address
     * @param options timeouts
     * @return the inlet, accepting
     * @throws OckamException INVALID_ADDRESS for bad text, TRANSPORT if the address cannot be bound
     */
    public TcpInlet createInlet(String bindAddress, Route outletRoute, TcpInletOptions options) {
        java.util.Objects.requireNonNull(outletRoute, "outletRoute");
        if (outletRoute.isEmpty()) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "an inlet needs a route to its outlet");
        }
        return createInlet(bindAddress, () -> outletRoute, options);
    }

    /**
     * {@link #createInlet(String, Route, TcpInletOptions)} with a route that is made when needed: {@code outletRoute}
     * is asked for a route at the first connection, and again at the next connection after that route's first hop
     * (a TCP connection, a secure channel it opened) has gone away — so the inlet serves again once the way to its
     * outlet can be made again. It runs on the inlet's accepting thread and may block (connect, handshake); if it
     * throws, that client is disconnected.
     *
     * @param bindAddress {@code host:port} to listen on; port 0 picks a free port
     * @param outletRoute makes the route to the outlet's address
     * @param options timeouts
     * @return the inlet, accepting
     * @throws OckamException INVALID_ADDRESS for bad text, TRANSPORT if the address cannot be bound
     */
    public TcpInlet createInlet(String bindAddress, java.util.function.Supplier<Route> outletRoute, TcpInletOptions options) {
        HostPort hp = HostPort.parse(bindAddress);
        java.util.Objects.requireNonNull(outletRoute, "outletRoute");
        java.net.ServerSocket server = null;
        try {
            server = new java.net.ServerSocket();
            server.setReuseAddress(true);
            server.bind(hp.resolve(), 1024);
        } catch (IOException e) {
            closeQuietly(server);
            throw new OckamException(OckamException.Kind.TRANSPORT, "cannot listen on " + bindAddress + ": " + e.getMessage(), e);
        }
        InletAcceptor acceptor = new InletAcceptor(node, server, outletRoute, new PortalWorker.Settings(
                Duration.ofSeconds(10), options.pongTimeout(), options.linger(), p -> { }));
        TcpInlet inlet = new TcpInlet(acceptor);
        inlets.add(inlet);
        acceptor.start();
        LOG.info("TCP inlet on {}", inlet.hostPort());
        return inlet;
    }

    /**
     * {@link #createInlet(String, Route, TcpInletOptions)} with default options.
     *
     * @param bindAddress {@code host:port} to listen on
     * @param outletRoute the route to the outlet's address
     * @return the inlet, accepting
     */
    public TcpInlet createInlet(String bindAddress, Route outletRoute) {
        return createInlet(bindAddress, outletRoute, TcpInletOptions.defaults());
    }

    /**
     * Stops an inlet: no more connections are accepted and those open are closed.
     *
     * @param inlet an inlet of this transport
     */
    public void stopInlet(TcpInlet inlet) {
        inlets.remove(inlet);
        inlet.acceptor().close();
    }

    /** @return the inlets open now */
    public List<TcpInlet> inlets() {
        return List.copyOf(inlets);
    }

    /**
     * Starts a TCP outlet at {@code address}: each inlet connection that reaches it gets its own connection to
     * {@code target}. Reachable only as flow control allows: through the flows of
     * {@link TcpOutletOptions#reachableThrough}, or of listeners that name {@code address} in their allow list.
     *
     * @param address the outlet's LOCAL address (Ockam's command uses {@code outlet})
     * @param target {@code host:port} to connect to
     * @param options access control and timeouts
     * @return the outlet
     * @throws OckamException INVALID_ADDRESS for bad text, ADDRESS_TAKEN if {@code address} has an owner
     */
    public TcpOutlet createOutlet(String address, String target, TcpOutletOptions options) {
        Address a = Address.parse(address);
        HostPort hp = HostPort.parse(target);
        OutletListener listener = new OutletListener(hp, options.access(), new PortalWorker.Settings(
                options.connectTimeout(), Duration.ofSeconds(20), options.linger(), p -> { }));
        dev.ockamj.node.WorkerBuilder.of(listener).address(a).incomingAccessControl(options.access()).start(node);
        for (FlowControlId flow : options.flows()) {
            node.flowControls().addConsumer(a, flow);
        }
        TcpOutlet outlet = new TcpOutlet(a, hp.toString(), listener);
        outlets.put(a, outlet);
        LOG.info("TCP outlet at {} to {}", a, hp);
        return outlet;
    }

    /**
     * {@link #createOutlet(String, String, TcpOutletOptions)} with default options.
     *
     * @param address the outlet's LOCAL address
     * @param target {@code host:port} to connect to
     * @return the outlet
     */
    public TcpOutlet createOutlet(String address, String target) {
        return createOutlet(address, target, TcpOutletOptions.defaults());
    }

    /**
     * Stops an outlet and closes its open portal connections.
     *
     * @param outlet an outlet of this transport
     */
    public void stopOutlet(TcpOutlet outlet) {
        if (outlets.remove(outlet.address(), outlet) && node.hasAddress(outlet.address())) {
            node.stopWorker(outlet.address()); // its shutdown stops its portals
        }
    }

    /** @return the outlets running now */
    public List<TcpOutlet> outlets() {
        return List.copyOf(outlets.values());
    }

    // ---- stopping ----

    /** Closes every listener and connection and stops the I/O thread. Called when the node stops. */
    @Override
    public void close() {
        inlets.forEach(i -> i.acceptor().close());
        inlets.clear();
        listeners.forEach(TcpListener::close);
        listeners.clear();
        if (!connections.isEmpty()) {
            connections.forEach(TcpConnection::finishWriting); // what workers said in their shutdown, e.g. Disconnect
            try {
                Thread.sleep(100); // let peers read it before our close resets what they still send
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.forEach(c -> c.close(TcpMetrics.Close.LOCAL, "the transport stopped"));
        loop.stop();
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) throws IOException {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IOException("the TCP I/O thread did not answer", e);
        }
    }

    private static void closeQuietly(java.net.ServerSocket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private static void closeQuietly(ServerSocketChannel s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
