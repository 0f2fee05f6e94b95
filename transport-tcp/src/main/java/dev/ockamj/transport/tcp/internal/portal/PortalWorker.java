package dev.ockamj.transport.tcp.internal.portal;

import dev.ockamj.node.Address;
import dev.ockamj.node.Cancellable;
import dev.ockamj.node.Context;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.internal.HostPort;
import dev.ockamj.node.internal.LogLimit;
import dev.ockamj.node.spi.NodeSpi;
import dev.ockamj.transport.tcp.internal.BlockingSends;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of one portal connection (Ockam's TcpPortalWorker and TcpPortalRecvProcessor, portal_worker.rs and
 * portal_receiver.rs at fb8fb64): a socket (the inlet's accepted client, or the outlet's connection to the
 * target) and the route to the other side. What the other side sends is written to the socket by this worker
 * (a blocking one: the write waits for the socket, and TCP back-pressure reaches the sender); what the socket
 * gives is read by a thread of its own and sent on in payloads of at most 48 KiB.
 *
 * <p>Ending: a socket's end of stream is sent as Disconnect; a Disconnect received shuts the socket's output
 * (half-close), so a client that stops sending still gets its answer. Once both directions have ended, or on any
 * error, or when the route's first hop (a TCP connection, a secure channel) goes away, the socket closes and
 * the worker stops. A peer that ends its stream but never says so (a Rust side on a remote close) is given
 * {@code linger} before the socket closes.
 */
public final class PortalWorker implements Worker<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(PortalWorker.class);
    private static final LogLimit PROTOCOL_LOG = new LogLimit();

    /** Local messages from the worker's own threads and timers; a peer's bodies are always NeutralMessages. */
    private enum Event { PONG_TIMEOUT, READER_EOF, READER_FAILED, ROUTE_GONE, LINGER_OVER }

    /** What a portal needs to know of its surroundings. */
    public record Settings(Duration connectTimeout, Duration pongTimeout, Duration linger, Consumer<PortalWorker> ended) {
    }

    private final Address address = Address.random();
    private final boolean inlet;
    private final Settings settings;
    private final HostPort target; // outlet only
    private final Route firstRoute; // inlet: the outlet listener; outlet: the inlet, from its ping
    private volatile Socket socket;
    private volatile Route remoteRoute;
    private Context ctx;
    private Thread reader;
    private Cancellable routeWatch;
    private boolean readerEnded;
    private boolean disconnectReceived;
    private final AtomicBoolean disconnectSent = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long bytesIn;
    private volatile long bytesOut;

    private PortalWorker(boolean inlet, Socket socket, HostPort target, Route firstRoute, Settings settings) {
        this.inlet = inlet;
        this.socket = socket;
        this.target = target;
        this.firstRoute = firstRoute;
        this.settings = settings;
    }

    /** @return the inlet side of an accepted client connection, to ping {@code outletRoute} */
    public static PortalWorker inlet(Socket client, Route outletRoute, Settings settings) {
        return new PortalWorker(true, client, null, outletRoute, settings);
    }

    /** @return the outlet side of a portal: connects to {@code target}, answers {@code inletRoute} */
    public static PortalWorker outlet(HostPort target, Route inletRoute, Settings settings) {
        return new PortalWorker(false, null, target, inletRoute, settings);
    }

    public Address address() {
        return address;
    }

    /** @return bytes read from the socket and sent on */
    public long bytesIn() {
        return bytesIn;
    }

    /** @return bytes received and written to the socket */
    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public void initialize(Context ctx) {
        this.ctx = ctx;
        if (inlet) {
            ctx.send(firstRoute, NeutralMessage.wrap(PortalMessage.PING));
            ctx.sendDelayed(settings.pongTimeout(), Route.of(address), Event.PONG_TIMEOUT);
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(target.resolve(), (int) settings.connectTimeout().toMillis());
        } catch (IOException | OckamException e) {
            closeQuietly(s);
            LOG.warn("TCP outlet: cannot connect to {} for the inlet at {}: {}; the inlet's client is disconnected",
                    target, firstRoute, e.getMessage());
            remoteRoute = firstRoute;
            end(true);
            return;
        }
        socket = s;
        remoteRoute = firstRoute;
        ctx.send(remoteRoute, NeutralMessage.wrap(PortalMessage.PONG));
        opened();
    }

    @Override
    public void handleMessage(Context ctx, Routed<Object> msg) {
        if (closed.get()) {
            return;
        }
        if (msg.body() instanceof Event e) {
            onEvent(e);
            return;
        }
        if (!(msg.body() instanceof NeutralMessage body)) {
            return; // nothing but a peer's bytes and our own events is sent here
        }
        PortalMessage m;
        try {
            m = PortalMessage.decode(body.unsafeBytes());
        } catch (IllegalArgumentException e) {
            protocol("a message that is not a portal message (" + e.getMessage() + ") from " + msg.returnRoute());
            return;
        }
        if (remoteRoute == null) { // an inlet waiting for its pong
            if (m instanceof PortalMessage.Pong) {
                remoteRoute = msg.returnRoute();
                opened();
            } else if (m instanceof PortalMessage.Disconnect) {
                LOG.info("TCP inlet: the outlet at {} could not reach its target; client {} disconnected",
                        firstRoute, peer());
                end(false);
            } else {
                protocol("a " + m.getClass().getSimpleName() + " before the outlet's Pong, from " + msg.returnRoute());
            }
            return;
        }
        if (m instanceof PortalMessage.Payload p) {
            write(p);
        } else if (m instanceof PortalMessage.Disconnect) {
            disconnectReceived = true;
            try {
                socket.shutdownOutput(); // half-close: what we read from the socket still goes on
            } catch (IOException e) {
                end(false);
                return;
            }
            if (readerEnded) {
                end(false);
            }
        } else {
            protocol("a " + m.getClass().getSimpleName() + " on an open portal, from " + msg.returnRoute());
        }
    }

    private void write(PortalMessage.Payload p) {
        if (disconnectReceived) {
            // a late payload is a race with the peer's own close, seen when clients close mid-stream: not worth a WARN
            LOG.debug("TCP {} {}: dropped a payload that came after the Disconnect", side(), address);
            return;
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(p.data(), p.offset(), p.length());
            bytesOut += p.length();
        } catch (IOException e) {
            LOG.info("TCP {}: writing to {} failed ({}); the portal closes", side(), peer(), e.getMessage());
            end(true);
        }
    }

    private void onEvent(Event e) {
        switch (e) {
            case PONG_TIMEOUT -> {
                if (remoteRoute == null) {
                    LOG.warn("TCP inlet: no answer from the outlet at {} within {} ms; client {} disconnected",
                            firstRoute, settings.pongTimeout().toMillis(), peer());
                    end(false);
                }
            }
            case READER_EOF -> {
                readerEnded = true;
                if (disconnectReceived) {
                    end(false);
                } else {
                    ctx.sendDelayed(settings.linger(), Route.of(address), Event.LINGER_OVER);
                }
            }
            case READER_FAILED -> end(true);
            case ROUTE_GONE -> {
                LOG.info("TCP {}: the route to the other side ({}) is gone; {} disconnected", side(), remoteRoute, peer());
                end(false);
            }
            case LINGER_OVER -> end(true);
        }
    }

    /** The portal is open both ways: watch the route's first hop and read the socket. */
    private void opened() {
        Address first = remoteRoute.nextOrNull();
        if (first != null && first.isLocal()) {
            routeWatch = NodeSpi.of(ctx.node()).whenGone(first, () -> tell(Event.ROUTE_GONE));
        }
        reader = new Thread(this::read, "ockamj-portal-" + side() + "-" + address.valueString().substring(0, 8));
        reader.setDaemon(true);
        reader.start();
    }

    /** The reader thread: socket → payloads, then Disconnect at the end of the stream. */
    private void read() {
        BlockingSends.allowOnThisThread();
        byte[] buf = new byte[PortalMessage.MAX_PAYLOAD_SIZE];
        try {
            InputStream in = socket.getInputStream();
            while (!closed.get() && !disconnectSent.get()) {
                int n = in.read(buf);
                if (n < 0) {
                    sendDisconnect();
                    tell(Event.READER_EOF);
                    return;
                }
                if (n > 0 && !disconnectSent.get()) { // nothing after our Disconnect (shutdown may send it meanwhile)
                    ctx.send(remoteRoute, NeutralMessage.wrap(PortalMessage.payload(buf, 0, n)));
                    bytesIn += n;
                }
            }
        } catch (IOException | OckamException e) {
            if (!closed.get()) {
                LOG.info("TCP {}: reading from {} failed ({}); the portal closes", side(), peer(), e.getMessage());
                tell(Event.READER_FAILED);
            }
        }
    }

    private void tell(Event e) {
        try {
            ctx.send(Route.of(address), e);
        } catch (OckamException ex) {
            // the node is stopping: shutdown closes the socket
        }
    }

    private void sendDisconnect() {
        Route r = remoteRoute;
        if (r != null && disconnectSent.compareAndSet(false, true)) {
            try {
                ctx.send(r, NeutralMessage.wrap(PortalMessage.DISCONNECT));
            } catch (OckamException e) {
                // the way is gone: so is the other side's
            }
        }
    }

    /** Ends the portal: tells the other side if asked to, closes the socket, stops the worker. */
    private void end(boolean tellOtherSide) {
        if (tellOtherSide) {
            sendDisconnect();
        }
        closeAll();
        try {
            ctx.node().stopWorker(address);
        } catch (OckamException e) {
            // stopped meanwhile
        }
    }

    private void closeAll() {
        if (closed.compareAndSet(false, true)) {
            if (routeWatch != null) {
                routeWatch.cancel();
            }
            closeQuietly(socket);
            if (reader != null) {
                reader.interrupt(); // a reader waiting for room in a connection's buffer
            }
            settings.ended().accept(this);
        }
    }

    @Override
    public void shutdown(Context ctx) {
        if (!closed.get()) {
            sendDisconnect(); // stopped by the user or the node: the other side's client sees the end
            closeAll();
        }
    }

    private void protocol(String what) {
        long held = PROTOCOL_LOG.admit();
        if (held >= 0) {
            LOG.warn("TCP {} {}: dropped {}{}", side(), address, what, LogLimit.suffix(held));
        }
    }

    private String side() {
        return inlet ? "inlet" : "outlet";
    }

    private String peer() {
        Socket s = socket;
        return s == null ? String.valueOf(target) : String.valueOf(s.getRemoteSocketAddress());
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    @Override
    public String toString() {
        return "Portal(" + side() + " " + address + ", " + peer() + " <-> " + remoteRoute + ")";
    }
}
