package dev.ockamj.command.manager;

import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.identity.SecureChannelListener;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.relay.Relay;
import dev.ockamj.node.relay.RelayService;
import dev.ockamj.node.relay.RelayServiceOptions;
import dev.ockamj.node.relay.RemoteRelay;
import dev.ockamj.node.relay.RemoteRelayOptions;
import dev.ockamj.transport.tcp.TcpInlet;
import dev.ockamj.transport.tcp.TcpInletOptions;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpOutlet;
import dev.ockamj.transport.tcp.TcpOutletOptions;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node manager's relays and portals: the relay service every node runs (as Ockam's node manager, reachable
 * through the node's TCP listener and through secure channels to {@code api}), the relays this node registered on
 * others ({@code relay create}), and its TCP outlets and inlets. Outlets and the relay service are reachable through
 * the same two flows; what arrives through a relay this node registered reaches only {@code api}, so a portal
 * through a relay is always a secure channel.
 *
 * <p>Making a route (connecting, a secure channel's handshake) blocks, so {@code relay.create} and
 * {@code tcp-inlet.create} run off the manager's worker and answer later.
 */
final class PortalManager {
    private final Node node;
    private final TcpTransport tcp;
    private final RelayService relayService;
    private final RouteResolver resolver;
    private final TcpListener listener;
    private final SecureChannelListener api;
    private final Map<String, CreatedRelay> relays = new ConcurrentSkipListMap<>();
    private final Map<String, CreatedInlet> inlets = new ConcurrentSkipListMap<>();
    private final ExecutorService blocking = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "node-manager-routes");
        t.setDaemon(true);
        return t;
    });

    private record CreatedRelay(RemoteRelay relay, String at) {
    }

    private record CreatedInlet(String alias, TcpInlet inlet, String to) {
    }

    PortalManager(Node node, TcpTransport tcp, TcpListener listener, SecureChannelListener api,
            Supplier<SecureChannels> channels) {
        this.node = node;
        this.tcp = tcp;
        this.listener = listener;
        this.api = api;
        this.resolver = new RouteResolver(tcp, channels);
        // Ockam's manager.rs: the relay service and its relays are consumers of the API transport's flow (and, with
        // a project, of the secure channel listener's); here always both, as the node has no authority to check
        this.relayService = RelayService.start(node, RelayServiceOptions.defaults()
                .reachableThrough(listener.flowControlId(), api.flowControlId()));
    }

    static boolean handles(String method) {
        return method.startsWith("relay.") || method.startsWith("tcp-outlet.") || method.startsWith("tcp-inlet.");
    }

    /**
     * Answers {@code method}; returns null when the answer goes to {@code reply} later.
     */
    ManagerResponse handle(String method, List<String> args, Consumer<ManagerResponse> reply) {
        switch (method) {
            case "relay.create" -> {
                String name = NodeManager.arg(args, 0, "relay name");
                MultiAddr at = multiaddr(NodeManager.arg(args, 1, "route to the relay node"));
                String atText = NodeManager.arg(args, 2, "relay node");
                Duration timeout = Duration.ofMillis(Long.parseLong(NodeManager.arg(args, 3, "timeout")));
                if (relays.containsKey(name)) {
                    throw new OckamException(OckamException.Kind.ADDRESS_TAKEN, "node '" + node.name()
                            + "' already has a relay named '" + Printable.escape(name, 100) + "' — see: ockam relay list --to "
                            + node.name());
                }
                // what arrives through the relay reaches only the secure channel listener, as Ockam's relays
                RemoteRelay r = RemoteRelay.create(node, () -> resolver.resolve(at, timeout), name,
                        RemoteRelayOptions.defaults().allow(NodeManager.SECURE_CHANNEL_LISTENER).timeout(timeout));
                CreatedRelay created = new CreatedRelay(r, atText);
                relays.put(name, created);
                r.registered().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((x, e) -> reply.accept(NodeManager.ok(relayInfo(created))));
                return null;
            }
            case "relay.list" -> {
                return NodeManager.ok(relays.values().stream().map(PortalManager::relayInfo).toList());
            }
            case "relay.show" -> {
                return NodeManager.ok(relayInfo(relay(NodeManager.arg(args, 0, "relay name"))));
            }
            case "relay.delete" -> {
                CreatedRelay r = relay(NodeManager.arg(args, 0, "relay name"));
                r.relay().close();
                relays.remove(r.relay().name());
                return NodeManager.ok(relayInfo(r));
            }
            case "relay.served" -> {
                return NodeManager.ok(servedRelays());
            }
            case "tcp-outlet.create" -> {
                String address = NodeManager.arg(args, 0, "outlet address");
                String target = NodeManager.arg(args, 1, "target host:port");
                if (node.hasAddress(Address.local(address))) {
                    throw new OckamException(OckamException.Kind.ADDRESS_TAKEN, "node '" + node.name()
                            + "' already has a worker at '" + Printable.escape(address, 100)
                            + "' — pick another with --from, or see: ockam tcp-outlet list --at " + node.name());
                }
                return NodeManager.ok(outletInfo(tcp.createOutlet(address, target, TcpOutletOptions.defaults()
                        .reachableThrough(listener.flowControlId(), api.flowControlId()))));
            }
            case "tcp-outlet.list" -> {
                return NodeManager.ok(outlets());
            }
            case "tcp-outlet.show" -> {
                return NodeManager.ok(outletInfo(outlet(NodeManager.arg(args, 0, "outlet address"))));
            }
            case "tcp-outlet.delete" -> {
                TcpOutlet o = outlet(NodeManager.arg(args, 0, "outlet address"));
                tcp.stopOutlet(o);
                return NodeManager.ok(outletInfo(o));
            }
            case "tcp-inlet.create" -> {
                String alias = NodeManager.arg(args, 0, "inlet alias");
                String bind = NodeManager.arg(args, 1, "address to listen on");
                MultiAddr to = multiaddr(NodeManager.arg(args, 2, "route to the outlet"));
                String toText = NodeManager.arg(args, 3, "outlet multiaddr");
                Duration timeout = Duration.ofMillis(Long.parseLong(NodeManager.arg(args, 4, "timeout")));
                boolean wait = Boolean.parseBoolean(NodeManager.arg(args, 5, "whether to wait"));
                if (to.isEmpty()) {
                    throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "'" + toText + "' names no outlet");
                }
                if (inlets.containsKey(alias)) {
                    throw new OckamException(OckamException.Kind.ADDRESS_TAKEN, "node '" + node.name()
                            + "' already has a TCP inlet named '" + Printable.escape(alias, 100)
                            + "' — see: ockam tcp-inlet list --at " + node.name());
                }
                CompletableFuture.supplyAsync(() -> createInlet(alias, bind, to, toText, timeout, wait), blocking)
                        .whenComplete((response, e) -> reply.accept(e == null ? response
                                : ManagerResponse.failure(message(e))));
                return null;
            }
            case "tcp-inlet.list" -> {
                return NodeManager.ok(inlets());
            }
            case "tcp-inlet.show" -> {
                return NodeManager.ok(inletInfo(inlet(NodeManager.arg(args, 0, "inlet alias"))));
            }
            case "tcp-inlet.delete" -> {
                CreatedInlet i = inlet(NodeManager.arg(args, 0, "inlet alias"));
                tcp.stopInlet(i.inlet());
                inlets.remove(i.alias());
                return NodeManager.ok(inletInfo(i));
            }
            default -> {
                return ManagerResponse.failure("unknown method '" + Printable.escape(method, 40) + "'");
            }
        }
    }

    /**
     * Binds first (a port in use fails at once), then, unless told not to wait, makes the route once so that a
     * wrong route is an error now rather than every client's closed connection later; the first client gets that
     * route, later ones a new route once its first hop went away.
     */
    private ManagerResponse createInlet(String alias, String bind, MultiAddr to, String toText, Duration timeout,
            boolean wait) {
        AtomicReference<Route> made = new AtomicReference<>();
        Supplier<Route> routes = () -> {
            Route r = made.getAndSet(null);
            return r != null ? r : resolver.resolve(to, timeout);
        };
        TcpInlet inlet = tcp.createInlet(bind, routes, TcpInletOptions.defaults());
        if (wait) {
            try {
                made.set(resolver.resolve(to, timeout));
            } catch (RuntimeException e) {
                tcp.stopInlet(inlet);
                throw new OckamException(OckamException.Kind.TRANSPORT, "cannot reach the outlet at " + toText + ": "
                        + e.getMessage() + " (to create the inlet anyway, add --no-connection-wait)");
            }
        }
        CreatedInlet created = new CreatedInlet(alias, inlet, toText);
        if (inlets.putIfAbsent(alias, created) != null) {
            tcp.stopInlet(inlet);
            throw new OckamException(OckamException.Kind.ADDRESS_TAKEN, "node '" + node.name()
                    + "' already has a TCP inlet named '" + Printable.escape(alias, 100) + "'");
        }
        return NodeManager.ok(inletInfo(created));
    }

    /** The relays other nodes registered here: what {@code node show} lists. */
    List<Map<String, Object>> servedRelays() {
        return relayService.relays().stream().map(PortalManager::servedInfo).toList();
    }

    List<Map<String, Object>> outlets() {
        return tcp.outlets().stream().map(PortalManager::outletInfo).toList();
    }

    List<Map<String, Object>> inlets() {
        return inlets.values().stream().map(PortalManager::inletInfo).toList();
    }

    private static String message(Throwable e) {
        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }

    private static MultiAddr multiaddr(String text) {
        return text.isEmpty() ? MultiAddr.empty() : MultiAddr.parse(text);
    }

    private CreatedRelay relay(String name) {
        CreatedRelay r = relays.get(name);
        if (r == null) {
            throw NodeManager.notFound("relay", name, "ockam relay list --to " + node.name());
        }
        return r;
    }

    private TcpOutlet outlet(String address) {
        return tcp.outlets().stream().filter(o -> o.address().valueString().equals(address)).findFirst()
                .orElseThrow(() -> NodeManager.notFound("TCP outlet", address, "ockam tcp-outlet list --at " + node.name()));
    }

    private CreatedInlet inlet(String alias) {
        CreatedInlet i = inlets.get(alias);
        if (i == null) {
            throw NodeManager.notFound("TCP inlet", alias, "ockam tcp-inlet list --at " + node.name());
        }
        return i;
    }

    private static Map<String, Object> relayInfo(CreatedRelay c) {
        RemoteRelay r = c.relay();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("at", c.at());
        m.put("remoteAddress", r.remoteAddress() == null ? null : "/service/" + r.remoteAddress());
        m.put("workerAddress", "/service/" + r.address().valueString());
        m.put("registered", r.isRegistered());
        m.put("forwardingRoute", r.forwardingRoute() == null ? null : r.forwardingRoute().toString());
        return m;
    }

    private static Map<String, Object> servedInfo(Relay r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", "/service/" + r.address().valueString());
        m.put("forwardRoute", r.forwardRoute().toString());
        return m;
    }

    private static Map<String, Object> outletInfo(TcpOutlet o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", "/service/" + o.address().valueString());
        m.put("to", o.target());
        m.put("worker_addr", "/service/" + o.address().valueString()); // Ockam's OutletStatus name
        m.put("connections", o.connections());
        return m;
    }

    private static Map<String, Object> inletInfo(CreatedInlet i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", i.alias());
        m.put("bind_addr", i.inlet().hostPort()); // Ockam's InletStatus names, then ours
        m.put("status", i.inlet().isOpen() ? "Up" : "Down");
        m.put("bindAddress", i.inlet().hostPort());
        m.put("to", i.to());
        Route r = i.inlet().outletRoute();
        m.put("outlet_route", r == null ? null : r.toString());
        m.put("outletRoute", r == null ? null : r.toString());
        m.put("connections", i.inlet().connections());
        m.put("open", i.inlet().isOpen());
        return m;
    }
}
