package dev.ockamj.command.manager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.Hop;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Uppercase;
import dev.ockamj.node.Worker;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.SecureChannel;
import dev.ockamj.identity.TrustPolicy;
import dev.ockamj.identity.SecureChannelListener;
import dev.ockamj.identity.SecureChannelOptions;
import dev.ockamj.identity.SecureChannelListenerOptions;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpListenerOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import dev.ockamj.node.spi.NodeSpi;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node manager at {@code _internal.nodemanager}: what the {@code ockam} command talks to. It answers only
 * requests that carry the node's secret, and it keeps the node's services and the listeners' access in step:
 * every listener lets messages reach exactly the services that {@code service list} shows.
 */
public final class NodeManager implements Worker<ManagerRequest> {
    public static final String ADDRESS = "_internal.nodemanager";
    private static final Logger LOG = LoggerFactory.getLogger(NodeManager.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Node node;
    private final TcpTransport tcp;
    private final byte[] secret;
    private final Runnable stopNode;
    private final List<Service> services = new CopyOnWriteArrayList<>();

    public NodeManager(Node node, TcpTransport tcp, String secret, Runnable stopNode) {
        this.node = node;
        this.tcp = tcp;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.stopNode = stopNode;
    }

    /** Starts the default services (echo, uppercase) and the manager itself. */
    public void startDefaultServices() {
        node.startWorker(ADDRESS, this);
        services.add(new Service("nodemanager", ADDRESS));
        startService("echo", "echo");
        startService("uppercase", "uppercase");
    }

    /** The secure channel listener's address, as on Ockam's nodes. */
    public static final String SECURE_CHANNEL_LISTENER = "api";
    private volatile SecureChannelListener secureListener;
    private volatile SecureChannels secureChannels;

    /**
     * Starts the node's secure channel listener at {@code api}: its channels reach the node's services (not the
     * manager, which only answers requests with the node's secret), and so do services started later.
     */
    public void startSecureChannelListener(SecureChannels channels) {
        SecureChannelListenerOptions options = SecureChannelListenerOptions.defaults();
        services.stream().filter(s -> !s.addr().equals(ADDRESS)).forEach(s -> options.allow(s.addr()));
        secureChannels = channels;
        secureListener = channels.createListener(SECURE_CHANNEL_LISTENER, options);
        services.add(new Service("secure_channel_listener", SECURE_CHANNEL_LISTENER));
        for (TcpListener l : tcp.listeners()) {
            node.flowControls().addConsumer(Address.local(SECURE_CHANNEL_LISTENER), l.flowControlId());
        }
    }

    /** Listens at {@code address}, letting in exactly the current services. */
    public TcpListener listen(String address) {
        TcpListenerOptions options = TcpListenerOptions.defaults();
        services.forEach(s -> options.allow(Address.local(s.addr())));
        return tcp.listen(address, options);
    }

    private volatile PortalManager portals;

    /**
     * Starts the relay service ({@code forwarding_service}, {@code static_forwarding_service}) and lets the node
     * make relays and portals: all reachable through {@code listener} (the node's TCP listener) and through secure
     * channels to {@code api}, as on Ockam's nodes. Call after {@link #startSecureChannelListener}.
     */
    public void startRelaysAndPortals(TcpListener listener) {
        SecureChannelListener sc = secureListener;
        if (sc == null) {
            throw new IllegalStateException("start the secure channel listener first");
        }
        portals = new PortalManager(node, tcp, listener, sc, this::channels);
        services.add(new Service("relay", dev.ockamj.node.relay.RelayService.ADDRESS));
    }

    public List<Service> services() {
        return List.copyOf(services);
    }

    private void startService(String type, String address) {
        Worker<?> worker = switch (type) {
            case "echo" -> new Echoer();
            case "uppercase" -> new Uppercase();
            case "hop" -> new Hop();
            default -> throw new OckamException(OckamException.Kind.INVALID_ADDRESS,
                    "unknown service type '" + Printable.escape(type, 40) + "' (known: echo, uppercase, hop)");
        };
        node.startWorker(address, worker);
        services.add(new Service(type, address));
        for (TcpListener l : tcp.listeners()) {
            node.flowControls().addConsumer(Address.local(address), l.flowControlId());
        }
        SecureChannelListener sc = secureListener;
        if (sc != null) {
            node.flowControls().addConsumer(Address.local(address), sc.flowControlId());
        }
    }

    @Override
    public void handleMessage(Context ctx, Routed<ManagerRequest> msg) {
        ManagerRequest req = msg.body();
        ManagerResponse response;
        if (req.secret() == null || !MessageDigest.isEqual(secret, req.secret().getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("node manager refused a request without the node's secret from {} (method '{}')",
                    Printable.escape(msg.returnRoute().toString(), 200), Printable.escape(String.valueOf(req.method()), 40));
            response = ManagerResponse.failure("unauthorized: this request does not carry node '" + node.name()
                    + "''s secret");
            ctx.send(msg.returnRoute(), response);
            return;
        }
        try {
            response = handle(ctx, msg, req);
        } catch (OckamException e) {
            response = ManagerResponse.failure(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("node manager failed on '{}'", Printable.escape(String.valueOf(req.method()), 40), e);
            response = ManagerResponse.failure("internal error: " + e);
        }
        if (response != null) {
            ctx.send(msg.returnRoute(), response);
        }
    }

    /** Returns the response, or null when it will be sent later (message.send). */
    private ManagerResponse handle(Context ctx, Routed<ManagerRequest> msg, ManagerRequest req) {
        List<String> args = req.args() == null ? List.of() : req.args();
        switch (req.method()) {
            case "status" -> {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("name", node.name());
                status.put("pid", ProcessHandle.current().pid());
                status.put("listeners", tcp.listeners().stream().map(TcpListener::hostPort).toList());
                return ok(status);
            }
            case "workers.list" -> {
                // as Ockam's WorkerStatus ({"addr": ...}); not the command's own connection, which is gone once it ends
                return ok(node.listWorkers().stream().filter(a -> !a.equals(via(msg)))
                        .map(a -> Map.of("addr", a.valueString())).toList());
            }
            case "services.list" -> {
                return ok(services);
            }
            case "service.start" -> {
                String type = arg(args, 0, "service type");
                String address = args.size() > 1 ? args.get(1) : type;
                startService(type, address);
                return ok(new Service(type, address));
            }
            case "tcp-listener.create" -> {
                return ok(listenerInfo(listen(arg(args, 0, "listener address"))));
            }
            case "tcp-listener.list" -> {
                return ok(tcp.listeners().stream().map(NodeManager::listenerInfo).toList());
            }
            case "tcp-listener.show" -> {
                return ok(listenerInfo(listener(arg(args, 0, "listener address"))));
            }
            case "tcp-listener.delete" -> {
                TcpListener l = listener(arg(args, 0, "listener address"));
                tcp.stopListener(l);
                return ok(listenerInfo(l));
            }
            case "tcp-connection.create" -> {
                return ok(connectionInfo(tcp.connect(arg(args, 0, "peer address"))));
            }
            case "tcp-connection.list" -> {
                return ok(tcp.connections().stream().filter(c -> !c.address().equals(via(msg)))
                        .map(NodeManager::connectionInfo).toList());
            }
            case "tcp-connection.show" -> {
                return ok(connectionInfo(connection(arg(args, 0, "connection address"))));
            }
            case "tcp-connection.delete" -> {
                TcpConnection c = connection(arg(args, 0, "connection address"));
                tcp.disconnect(c);
                return ok(connectionInfo(c));
            }
            case "node.resources" -> {
                return ok(resources());
            }
            case "node.metrics" -> {
                // the registry the node was built with (Node.builder().meterRegistry), if any
                MeterRegistry meters = NodeSpi.of(node).meterRegistry().orElse(null);
                if (meters == null) {
                    throw new OckamException(OckamException.Kind.INTERNAL, "node '" + node.name()
                            + "' counts nothing: it was started without a meter registry");
                }
                // not the meters of the command's own connection, which closes when the command ends (as tcp-connection list)
                Address own = via(msg);
                return ok(metrics(meters, own == null ? null : own.valueString()));
            }
            case "message.send" -> {
                Route route = Route.parse(arg(args, 0, "route"));
                byte[] payload = HexFormat.of().parseHex(arg(args, 1, "payload"));
                Duration timeout = Duration.ofMillis(Long.parseLong(arg(args, 2, "timeout")));
                Route replyTo = msg.returnRoute();
                ctx.request(route, NeutralMessage.wrap(payload), NeutralMessage.class, timeout).whenComplete((reply, error) -> {
                    ManagerResponse r = error == null
                            ? ManagerResponse.success(quote(HexFormat.of().formatHex(reply.unsafeBytes())))
                            : ManagerResponse.failure(error.getCause() != null ? error.getCause().getMessage() : error.getMessage());
                    node.send(replyTo, r);
                });
                return null;
            }
            case "secure-channel.create" -> {
                Route route = Route.parse(arg(args, 0, "route to a secure channel listener"));
                Duration timeout = Duration.ofMillis(Long.parseLong(arg(args, 1, "timeout")));
                Route replyTo = msg.returnRoute();
                SecureChannelOptions options = SecureChannelOptions.defaults().timeout(timeout);
                if (args.size() > 2) {
                    options.trustPolicy(TrustPolicy.trustIdentifier(Identifier.parse(args.get(2))));
                }
                channels().createSecureChannelAsync(route, options)
                        .whenComplete((c, error) -> node.send(replyTo, error == null
                                ? ok(channelInfo(c))
                                : ManagerResponse.failure(error.getCause() != null ? error.getCause().getMessage() : error.getMessage())));
                return null;
            }
            case "secure-channel.list" -> {
                return ok(channels().channels().stream().map(NodeManager::channelInfo).toList());
            }
            case "secure-channel.delete" -> {
                String address = arg(args, 0, "secure channel address");
                SecureChannel c = channels().channels().stream()
                        .filter(x -> x.address().equals(Address.parse(address)) || x.address().valueString().equals(address))
                        .findFirst()
                        .orElseThrow(() -> notFound("secure channel", address, "ockam secure-channel list --at " + node.name()));
                c.close();
                return ok(channelInfo(c));
            }
            case "stop" -> {
                ctx.send(msg.returnRoute(), ManagerResponse.success("\"stopping\""));
                // stop after the answer has had a moment to leave
                Thread t = new Thread(stopNode, "node-stop");
                t.setDaemon(false);
                t.start();
                return null;
            }
            case "relay.served" -> {
                PortalManager p = portals;
                return ok(p == null ? List.of() : p.servedRelays());
            }
            default -> {
                PortalManager p = portals;
                if (p != null && PortalManager.handles(req.method())) {
                    Route replyTo = msg.returnRoute();
                    return p.handle(req.method(), args, r -> node.send(replyTo, r));
                }
                return ManagerResponse.failure("unknown method '" + Printable.escape(String.valueOf(req.method()), 40) + "'");
            }
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private SecureChannels channels() {
        SecureChannels c = secureChannels;
        if (c == null) {
            throw new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "node '" + node.name()
                    + "' has no secure channels");
        }
        return c;
    }

    static Map<String, Object> channelInfo(SecureChannel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", "/service/" + c.address().valueString());
        m.put("peer", c.peer().toString());
        m.put("initiator", c.isInitiator());
        m.put("open", c.isOpen());
        return m;
    }

    /** The connection a request came in through: the first hop of its return route. */
    private static Address via(Routed<?> msg) {
        return msg.returnRoute().nextOrNull();
    }

    /** A success with {@code value} as JSON; our own maps and lists always serialize, so a failure is a bug. */
    static ManagerResponse ok(Object value) {
        try {
            return ManagerResponse.success(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON: " + e.getMessage(), e);
        }
    }

    static String arg(List<String> args, int i, String what) {
        if (args.size() <= i || args.get(i) == null) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "missing " + what);
        }
        return args.get(i);
    }

    static OckamException notFound(String what, String address, String hint) {
        return new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND,
                "no " + what + " at '" + Printable.escape(address, 100) + "' — see: " + hint);
    }

    /** A listener by its HOST:PORT, as listed. */
    private TcpListener listener(String address) {
        return tcp.listeners().stream().filter(x -> x.hostPort().equals(address)).findFirst()
                .orElseThrow(() -> notFound("TCP listener", address, "ockam tcp-listener list --at " + node.name()));
    }

    /** A connection by its worker address ({@code 0#…}, {@code /worker/…} or bare) or by its peer's HOST:PORT. */
    private TcpConnection connection(String address) {
        String a = address.startsWith("/worker/") ? address.substring("/worker/".length()) : address;
        return tcp.connections().stream()
                .filter(x -> x.address().valueString().equals(a) || x.address().toString().equals(a) || x.peer().equals(a))
                .findFirst()
                .orElseThrow(() -> notFound("TCP connection", address, "ockam tcp-connection list --from " + node.name()));
    }

    /**
     * What Ockam's {@code NodeResources} holds that only the running node knows (its other fields come from the
     * node's record): transports (the TCP listeners), secure channel listeners, inlets, outlets, services.
     */
    public Map<String, Object> resources() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transports", tcp.listeners().stream().map(NodeManager::listenerInfo).toList());
        SecureChannelListener sc = secureListener;
        m.put("secure_channel_listeners", sc == null ? List.of() : List.of(Map.of("address", "/service/" + SECURE_CHANNEL_LISTENER,
                "flow_control_id", sc.flowControlId().value(), "is_key_exchange_only", false)));
        PortalManager p = portals;
        m.put("inlets", p == null ? List.of() : p.inlets());
        m.put("outlets", p == null ? List.of() : p.outlets());
        m.put("services", services);
        return m;
    }

    /**
     * The meters of {@code registry} as JSON rows, sorted by name, then tags: {@code {"name", "type", "tags": {key:
     * value, ...}, "value"}} ({@code value} null when a gauge's object is gone), a meter with several measurements
     * (a timer) one row per measurement with a {@code statistic} tag. Meters tagged {@code connection=}{@code
     * skipConnection} are left out (null: none).
     */
    public static List<Map<String, Object>> metrics(MeterRegistry registry, String skipConnection) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Meter meter : registry.getMeters()) {
            Meter.Id id = meter.getId();
            if (skipConnection != null && skipConnection.equals(id.getTag("connection"))) {
                continue;
            }
            List<Measurement> measurements = new ArrayList<>();
            meter.measure().forEach(measurements::add);
            for (Measurement m : measurements) {
                Map<String, Object> tags = new LinkedHashMap<>();
                for (Tag t : id.getTagsAsIterable()) {
                    tags.put(t.getKey(), t.getValue());
                }
                if (measurements.size() > 1) {
                    tags.put("statistic", m.getStatistic().getTagValueRepresentation());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", id.getName());
                row.put("type", id.getType().name().toLowerCase(java.util.Locale.ROOT));
                row.put("tags", tags);
                row.put("value", Double.isFinite(m.getValue()) ? m.getValue() : null);
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing((Map<String, Object> r) -> (String) r.get("name"))
                .thenComparing(r -> r.get("tags").toString()));
        return rows;
    }

    /** A listener as Ockam's {@code TransportStatus} ({@code type}, {@code mode}, {@code socket_addr}, …), then ours. */
    static Map<String, Object> listenerInfo(TcpListener l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Tcp");
        m.put("mode", "Listen");
        m.put("socket_addr", l.hostPort());
        m.put("worker_addr", "<none>");
        m.put("processor_address", null); // Ockam's listener is a processor; ours is the I/O loop, with no address
        m.put("flow_control_id", l.flowControlId().value());
        m.put("multiaddr", listenerMultiAddr(l.hostPort()));
        m.put("address", l.hostPort());
        m.put("protocol", l.protocol().name());
        m.put("open", l.isOpen());
        return m;
    }

    /**
     * The route Ockam prints for a listener, {@code /dnsaddr/localhost/tcp/PORT}, when it listens on a loopback or
     * wildcard address; otherwise {@code /ip4/A/tcp/P} ({@code /ip6/…}), which is where another machine reaches it.
     */
    public static String listenerMultiAddr(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        String port = hostPort.substring(colon + 1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("127.0.0.1") || host.equals("::1") || host.equals("0.0.0.0") || host.equals("::")
                || host.equals("localhost")) {
            return "/dnsaddr/localhost/tcp/" + port;
        }
        return (host.contains(":") ? "/ip6/" : "/ip4/") + host + "/tcp/" + port;
    }

    /** A connection as Ockam's {@code TransportStatus} and its {@code tcp-connection create} JSON, then ours. */
    static Map<String, Object> connectionInfo(TcpConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Tcp");
        m.put("mode", c.mode() == TcpConnection.Mode.OUTGOING ? "Outgoing" : "Incoming");
        m.put("socket_addr", c.peer());
        m.put("worker_addr", c.address().toString());
        m.put("processor_address", null);
        m.put("flow_control_id", c.flowControlId().value());
        m.put("address", "/worker/" + c.address().valueString());
        m.put("to", c.peer());
        m.put("peer", c.peer());
        m.put("protocol", c.protocol().name());
        m.put("bytesIn", c.bytesIn());
        m.put("bytesOut", c.bytesOut());
        m.put("messagesIn", c.messagesIn());
        m.put("messagesOut", c.messagesOut());
        // a peer that stopped reading: what waits for it, and what was dropped because of it
        m.put("queuedBytes", c.queuedBytes());
        m.put("messagesDropped", c.messagesDropped());
        m.put("stalled", c.isStalled());
        return m;
    }
}
