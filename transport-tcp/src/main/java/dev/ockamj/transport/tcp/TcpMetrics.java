package dev.ockamj.transport.tcp;

import dev.ockamj.node.spi.NodeSpi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP transport's meters in the node's registry ({@link NodeSpi#meterRegistry()}), or none. The per-connection
 * meters read the counters each connection keeps anyway, so the sending and receiving paths pay nothing for them;
 * they are registered when a connection opens and removed when it closes, so the series stay as many as the open
 * connections. Names and tags: docs/observability.md.
 *
 * <p>Threads: any.
 */
final class TcpMetrics {
    /** Why a connection closed: the {@code reason} tag of {@code ockamj.tcp.connections.closed}. */
    enum Close {
        PEER_CLOSED("peer_closed"),
        PROTOCOL_ERROR("protocol_error"),
        MESSAGE_TOO_BIG("message_too_big"),
        IO_ERROR("io_error"),
        CONNECT_FAILED("connect_failed"),
        LOCAL("closed_locally");

        final String tag;

        Close(String tag) {
            this.tag = tag;
        }
    }

    /** Why a message from a peer was dropped on arrival: the {@code reason} tag of {@code ockamj.tcp.messages.dropped}. */
    enum Drop {
        DECODE_FAILURE("decode_failure"),
        NOT_LOCAL_FIRST_HOP("not_local_first_hop");

        final String tag;

        Drop(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final String node;
    private final Counter[] closed;
    private final Counter[] dropped;
    private final Map<TcpConnection, Open> perConnection = new ConcurrentHashMap<>();

    /** An open connection's own meters, and the totals it adds to. */
    private record Open(List<Meter> meters, Totals totals) {
    }
    /** By mode and listener: what their connections did, closed ones included (see {@link Totals}). */
    private final Map<Tags, Totals> totals = new ConcurrentHashMap<>();
    private final List<Meter> perNode = new ArrayList<>();

    /**
     * The connections of one mode and listener, open and closed: a connection's own meters leave with it, so these
     * keep what it counted and the sums stay monotonic, as counters must. Synchronized: a close and a scrape.
     */
    private static final class Totals {
        private final List<TcpConnection> open = new ArrayList<>();
        private long opened;
        private long bytesIn;
        private long bytesOut;
        private long framesIn;
        private long framesOut;

        synchronized void open(TcpConnection c) {
            open.add(c);
            opened++;
        }

        synchronized void close(TcpConnection c) {
            if (open.remove(c)) {
                bytesIn += c.bytesIn();
                bytesOut += c.bytesOut();
                framesIn += c.messagesIn();
                framesOut += c.messagesOut();
            }
        }

        synchronized double opened() {
            return opened;
        }

        synchronized double bytesIn() {
            return bytesIn + sum(TcpConnection::bytesIn);
        }

        synchronized double bytesOut() {
            return bytesOut + sum(TcpConnection::bytesOut);
        }

        synchronized double framesIn() {
            return framesIn + sum(TcpConnection::messagesIn);
        }

        synchronized double framesOut() {
            return framesOut + sum(TcpConnection::messagesOut);
        }

        private long sum(java.util.function.ToLongFunction<TcpConnection> counter) {
            return open.stream().mapToLong(counter).sum();
        }
    }

    TcpMetrics(NodeSpi spi) {
        // loaded now, not at the first close: a close may come when the process is out of file descriptors and
        // cannot open a jar to load a class (ListenerOutOfFilesTest)
        Close[] causes = Close.values();
        Drop[] drops = Drop.values();
        this.registry = spi.meterRegistry().orElse(null);
        this.node = spi.node().name();
        if (registry == null) {
            closed = null;
            dropped = null;
            return;
        }
        closed = new Counter[causes.length];
        for (Close c : causes) {
            closed[c.ordinal()] = Counter.builder("ockamj.tcp.connections.closed").tags("node", node, "reason", c.tag)
                    .description("TCP connections closed, by reason").register(registry);
        }
        dropped = new Counter[drops.length];
        for (Drop d : drops) {
            dropped[d.ordinal()] = Counter.builder("ockamj.tcp.messages.dropped").tags("node", node, "reason", d.tag)
                    .description("messages from TCP peers dropped on arrival, by reason").register(registry);
        }
        perNode.addAll(List.of(closed));
        perNode.addAll(List.of(dropped));
        // a node of the same name started later in this JVM counts from zero
        spi.node().whenStopped().thenRun(this::removeAll);
    }

    private synchronized void removeAll() {
        perNode.forEach(registry::remove);
        perConnection.values().forEach(o -> o.meters().forEach(registry::remove));
        perConnection.clear();
    }

    private Totals totals(String mode, String listener) {
        Tags tags = Tags.of("node", node, "mode", mode, "listener", listener);
        return totals.computeIfAbsent(tags, t -> {
            Totals sums = new Totals();
            synchronized (this) {
                perNode.add(FunctionCounter.builder("ockamj.tcp.connections.opened", sums, Totals::opened).tags(t)
                        .description("TCP connections opened").register(registry));
                perNode.add(FunctionCounter.builder("ockamj.tcp.bytes.in", sums, Totals::bytesIn).tags(t)
                        .baseUnit("bytes").description("bytes read from peers, closed connections included")
                        .register(registry));
                perNode.add(FunctionCounter.builder("ockamj.tcp.bytes.out", sums, Totals::bytesOut).tags(t)
                        .baseUnit("bytes").description("bytes written to peers, closed connections included")
                        .register(registry));
                perNode.add(FunctionCounter.builder("ockamj.tcp.frames.in", sums, Totals::framesIn).tags(t)
                        .description("messages received from peers, closed connections included").register(registry));
                perNode.add(FunctionCounter.builder("ockamj.tcp.frames.out", sums, Totals::framesOut).tags(t)
                        .description("messages sent to peers, closed connections included").register(registry));
            }
            return sums;
        });
    }

    /** A connection was made (not yet connected); {@code listener} is the listener's host:port for an incoming one. */
    void opened(TcpConnection c, String listener) {
        if (registry == null) {
            return;
        }
        String mode = c.mode().name().toLowerCase(java.util.Locale.ROOT);
        String from = listener == null ? "" : listener;
        Totals sums = totals(mode, from);
        sums.open(c);
        Tags tags = Tags.of("node", node, "connection", c.address().valueString(), "mode", mode, "listener", from);
        List<Meter> meters = new ArrayList<>();
        meters.add(FunctionCounter.builder("ockamj.tcp.connection.bytes.in", c, TcpConnection::bytesIn).tags(tags)
                .baseUnit("bytes").description("bytes read from the peer").register(registry));
        meters.add(FunctionCounter.builder("ockamj.tcp.connection.bytes.out", c, TcpConnection::bytesOut).tags(tags)
                .baseUnit("bytes").description("bytes written to the peer").register(registry));
        meters.add(FunctionCounter.builder("ockamj.tcp.connection.frames.in", c, TcpConnection::messagesIn)
                .tags(tags).description("messages received from the peer").register(registry));
        meters.add(FunctionCounter.builder("ockamj.tcp.connection.frames.out", c, TcpConnection::messagesOut)
                .tags(tags).description("messages taken into the outgoing buffer").register(registry));
        meters.add(FunctionCounter.builder("ockamj.tcp.connection.dropped", c, TcpConnection::messagesDropped)
                .tags(tags).description("messages to the peer dropped: it did not read and the buffer was full")
                .register(registry));
        meters.add(FunctionCounter.builder("ockamj.tcp.connection.read.pauses", c, TcpConnection::readPauses)
                .tags(tags).description("times reading from the peer paused: its messages waited on the node")
                .register(registry));
        meters.add(Gauge.builder("ockamj.tcp.connection.queued", c, TcpConnection::queuedBytes).tags(tags)
                .baseUnit("bytes").description("bytes waiting to be written to the peer").register(registry));
        perConnection.put(c, new Open(meters, sums));
    }

    void closed(TcpConnection c, Close cause) {
        if (registry == null) {
            return;
        }
        closed[cause.ordinal()].increment();
        Open open = perConnection.remove(c);
        if (open != null) {
            open.totals().close(c);
            open.meters().forEach(registry::remove);
        }
    }

    void dropped(Drop reason) {
        if (dropped != null) {
            dropped[reason.ordinal()].increment();
        }
    }
}
