package dev.ockamj.command.manager;

import dev.ockamj.command.multiaddr.MultiAddr;
import dev.ockamj.command.multiaddr.Protocol;
import dev.ockamj.command.multiaddr.Segment;
import dev.ockamj.command.multiaddr.TcpHop;
import dev.ockamj.identity.SecureChannel;
import dev.ockamj.identity.SecureChannelOptions;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.node.Address;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a multiaddr whose {@code /node/N} the command has already resolved into a route from this node, making
 * what it names as Ockam's node manager does: the TCP hop becomes a TCP connection (its LOCAL address, so that a
 * portal or relay over it notices when it closes), each {@code /secure/X} a secure channel to listener X over the
 * route so far (the route then starts at the channel), and {@code /service/X} or {@code /worker/X} a LOCAL hop —
 * the same hops {@code message send} makes. Each call makes new connections and channels: a route supplier of an
 * inlet or a relay calls it again once the first hop of the last route went away.
 *
 * <p>Blocking (connects, handshakes): never call it on the manager's own worker.
 */
final class RouteResolver {
    private final TcpTransport tcp;
    private final Supplier<SecureChannels> channels;

    RouteResolver(TcpTransport tcp, Supplier<SecureChannels> channels) {
        this.tcp = tcp;
        this.channels = channels;
    }

    /** The route {@code to} names, made now; {@code timeout} bounds each secure channel's handshake. */
    Route resolve(MultiAddr to, Duration timeout) {
        Route route = Route.empty();
        List<Segment> part = new ArrayList<>();
        boolean first = true;
        for (Segment s : to.segments()) {
            if (s.protocol().equals(Protocol.NODE.prefix())) {
                throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "'" + s + "' in " + to
                        + " was not resolved to the node's TCP listener");
            }
            if (!s.protocol().equals(Protocol.SECURE.prefix())) {
                part.add(s);
                continue;
            }
            route = append(route, part, first, to);
            first = false;
            part.clear();
            Route toListener = route.append(Address.local(s.value()));
            SecureChannel c;
            try {
                c = channels.get().createSecureChannel(toListener, SecureChannelOptions.defaults().timeout(timeout));
            } catch (OckamException e) {
                throw new OckamException(e.kind(), "cannot open a secure channel to " + toListener + ": " + e.getMessage(), e);
            }
            route = Route.of(c.address());
        }
        return append(route, part, first, to);
    }

    private Route append(Route route, List<Segment> part, boolean first, MultiAddr whole) {
        if (part.isEmpty()) {
            return route;
        }
        MultiAddr m = MultiAddr.of(part);
        Optional<TcpHop> hop = m.tcpHop();
        if (hop.isPresent()) {
            // the one TCP hop must start the route: it is a connection from this node
            Segment head = part.get(0);
            if (!first || !Protocol.byPrefix(head.protocol()).map(Protocol::isHost).orElse(false)) {
                throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "in " + whole
                        + " the TCP hop must come first: it is a connection from this node");
            }
            TcpConnection c = tcp.connect(hop.get().hostPort());
            route = route.append(c.address());
            m = m.withoutTcpHop();
        }
        return route.append(m.toRoute());
    }
}
