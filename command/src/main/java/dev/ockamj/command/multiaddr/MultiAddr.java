package dev.ockamj.command.multiaddr;

import dev.ockamj.node.Address;
import dev.ockamj.node.internal.Utf8;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.Route;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@code ockam}-style multiaddr in text form (docs/wire.md §10): {@code /node/n1/service/echo},
 * {@code /ip4/127.0.0.1/tcp/4000/service/echo}, {@code /ip6/::1/tcp/4000/secure/api}, or {@code self}
 * (= {@code /secure/api}).
 *
 * <p>Immutable and always valid: every segment has a known protocol and a value that fits it, {@code /tcp}
 * comes right after {@code /ip4}, {@code /ip6} or {@code /dnsaddr}, every {@code /ip4} and {@code /ip6} is
 * followed by {@code /tcp}, and there is at most one TCP hop ({@code /node/N} counts as one). The only
 * multiaddr that {@link #parse} does not produce is the {@link #empty()} one (from {@link #fromRoute} of an
 * empty route or {@link #withoutTcpHop}); its text is {@code ""}.
 *
 * <p>Every failure of parsing or conversion is a {@link MultiAddrException}; exceptions thrown by a
 * caller's node resolver pass through unchanged.
 */
public final class MultiAddr {

    private static final MultiAddr EMPTY = new MultiAddr(List.of());
    private static final MultiAddr SELF =
            new MultiAddr(List.of(Protocol.SECURE.segment("api")));

    private final List<Segment> segments;

    private MultiAddr(List<Segment> segments) {
        this.segments = segments;
    }

    /**
     * Parses multiaddr text. {@code self} (the whole string) is {@code /secure/api}.
     *
     * @throws MultiAddrException for anything that is not a valid multiaddr
     */
    public static MultiAddr parse(String text) {
        Objects.requireNonNull(text, "multiaddr");
        if (text.equals("self")) {
            return SELF;
        }
        List<Segment> segments = Syntax.split(text);
        Syntax.check(text, segments);
        return new MultiAddr(List.copyOf(segments));
    }

    /** A multiaddr of these segments, checked as {@link #parse} checks text. */
    public static MultiAddr of(List<Segment> segments) {
        List<Segment> copy = List.copyOf(segments);
        if (copy.isEmpty()) {
            return EMPTY;
        }
        Syntax.check(join(copy), copy);
        return new MultiAddr(copy);
    }

    public static MultiAddr of(Segment... segments) {
        return of(Arrays.asList(segments));
    }

    /** The multiaddr with no segments (text {@code ""}, route {@code []}). */
    public static MultiAddr empty() {
        return EMPTY;
    }

    /** {@code /secure/api}. */
    public static MultiAddr self() {
        return SELF;
    }

    /** The segments, in order (unmodifiable). */
    public List<Segment> segments() {
        return segments;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** The segment value of the first segment of {@code protocol}, if any. */
    public Optional<String> first(Protocol protocol) {
        for (Segment s : segments) {
            if (s.protocol().equals(protocol.prefix())) {
                return Optional.of(s.value());
            }
        }
        return Optional.empty();
    }

    /** This multiaddr followed by {@code other}; the result is checked (e.g. still one TCP hop at most). */
    public MultiAddr append(MultiAddr other) {
        List<Segment> all = new ArrayList<>(segments);
        all.addAll(other.segments);
        return of(all);
    }

    /** The TCP hop ({@code /ip4|ip6|dnsaddr/H/tcp/P}), if there is one; {@code /node} is not resolved here. */
    public Optional<TcpHop> tcpHop() {
        int i = tcpHopIndex();
        return i < 0 ? Optional.empty() : Optional.of(hopAt(i));
    }

    /**
     * This multiaddr without its TCP hop, e.g. {@code /ip4/127.0.0.1/tcp/4000/service/echo} →
     * {@code /service/echo}: the part that names workers on the node at the other end of the connection.
     */
    public MultiAddr withoutTcpHop() {
        int i = tcpHopIndex();
        if (i < 0) {
            return this;
        }
        List<Segment> rest = new ArrayList<>(segments);
        rest.subList(i, i + 2).clear();
        return rest.isEmpty() ? EMPTY : new MultiAddr(List.copyOf(rest));
    }

    /**
     * Replaces each {@code /node/N} with {@code nodeResolver.apply(N)}, which must be the node's TCP listener
     * ({@code /ip4/A/tcp/P}, {@code /ip6/A/tcp/P} or {@code /dnsaddr/H/tcp/P}). A null result means the
     * node is unknown. The resolver is not called when there is no {@code /node} segment.
     */
    public MultiAddr resolveNodes(Function<String, MultiAddr> nodeResolver) {
        if (first(Protocol.NODE).isEmpty()) {
            return this;
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            if (!s.protocol().equals(Protocol.NODE.prefix())) {
                out.add(s);
                continue;
            }
            if (nodeResolver == null) {
                throw Syntax.invalid(toString(), ValueRules.quote(s.toString())
                        + " must first be resolved to the node's TCP listener");
            }
            MultiAddr listener = nodeResolver.apply(s.value());
            if (listener == null) {
                throw Syntax.invalid(toString(), "there is no node named " + ValueRules.quote(s.value()));
            }
            if (listener.segments.size() != 2 || listener.tcpHopIndex() != 0) {
                throw Syntax.invalid(toString(), "node " + ValueRules.quote(s.value()) + " resolved to "
                        + ValueRules.quote(listener.toString()) + ", which is not /ip4, /ip6 or /dnsaddr + /tcp");
            }
            out.addAll(listener.segments);
        }
        return of(out);
    }

    /**
     * The route this multiaddr stands for, after {@link #resolveNodes resolving} {@code /node/N}: the TCP hop
     * becomes one TCP address {@code 1#host:port} ({@code 1#[::1]:4000} for IPv6), {@code /dnsaddr/H}
     * without {@code /tcp} is skipped, and {@code /service/X}, {@code /worker/X} and {@code /secure/X}
     * become the LOCAL address {@code 0#X}.
     *
     * @param nodeResolver node name → its TCP listener; may be null when there is no {@code /node}
     * @throws MultiAddrException for {@code /project} and {@code /space} (not supported by ockamj), an
     *                            unknown node, or a resolver result that is not a TCP listener
     */
    public Route toRoute(Function<String, MultiAddr> nodeResolver) {
        for (Segment s : segments) {
            if (s.protocol().equals(Protocol.PROJECT.prefix()) || s.protocol().equals(Protocol.SPACE.prefix())) {
                throw Syntax.invalid(toString(), ValueRules.quote(s.toString())
                        + ": /project and /space addresses are not supported by ockamj");
            }
        }
        MultiAddr resolved = resolveNodes(nodeResolver);
        List<Address> hops = new ArrayList<>();
        List<Segment> list = resolved.segments;
        for (int i = 0; i < list.size(); i++) {
            Segment s = list.get(i);
            Protocol p = Protocol.byPrefix(s.protocol()).orElseThrow();
            switch (p) {
                case IP4, IP6, DNSADDR -> {
                    if (i + 1 < list.size() && list.get(i + 1).protocol().equals(Protocol.TCP.prefix())) {
                        hops.add(resolved.hopAt(i).address());
                        i++;
                    }
                    // a /dnsaddr without /tcp names no connection: ockam skips it (docs/wire.md §10)
                }
                case SERVICE, WORKER, SECURE -> hops.add(Address.local(s.value()));
                default -> throw new IllegalStateException("unreachable: " + p); // excluded by the checks above
            }
        }
        return Route.of(hops);
    }

    /** {@link #toRoute(Function)} for a multiaddr without {@code /node}. */
    public Route toRoute() {
        return toRoute(null);
    }

    /**
     * The multiaddr of a route of LOCAL addresses: each {@code 0#X} becomes {@code /service/X}
     * (docs/wire.md §10). An empty route gives {@link #empty()}.
     *
     * @throws MultiAddrException for a non-LOCAL address or a value that is not a valid service name
     */
    public static MultiAddr fromRoute(Route route) {
        List<Segment> out = new ArrayList<>(route.size());
        for (Address a : route.addresses()) {
            if (!a.isLocal()) {
                throw notConvertible(route, a, "is not a LOCAL address (only LOCAL addresses become /service/NAME)");
            }
            String value = Utf8.decodeOrNull(a.value());
            if (value == null || !ValueRules.isName(value)) {
                throw notConvertible(route, a, "is not a valid service name (1 to " + ValueRules.MAX_NAME
                        + " characters, no '/', '#', spaces or control characters)");
            }
            out.add(Protocol.SERVICE.segment(value));
        }
        return of(out);
    }

    private static MultiAddrException notConvertible(Route route, Address a, String why) {
        return new MultiAddrException("cannot convert route '" + Printable.escape(route.toString(), 200)
                + "' to a multiaddr: " + ValueRules.quote(a.toString()) + " " + why);
    }

    private int tcpHopIndex() {
        for (int i = 0; i + 1 < segments.size(); i++) {
            if (Protocol.byPrefix(segments.get(i).protocol()).orElseThrow().isHost()
                    && segments.get(i + 1).protocol().equals(Protocol.TCP.prefix())) {
                return i;
            }
        }
        return -1;
    }

    private TcpHop hopAt(int i) {
        return new TcpHop(Protocol.byPrefix(segments.get(i).protocol()).orElseThrow(), segments.get(i).value(),
                ValueRules.port(segments.get(i + 1).value()));
    }

    private static String join(List<Segment> segments) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append('/').append(s.protocol()).append('/').append(s.value());
        }
        return sb.toString();
    }

    /** {@code /proto/value...} as parsed ({@code self} shows as {@code /secure/api}); {@code ""} when empty. */
    @Override
    public String toString() {
        return join(segments);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof MultiAddr m && m.segments.equals(segments));
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
