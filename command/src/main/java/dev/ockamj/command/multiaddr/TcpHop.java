package dev.ockamj.command.multiaddr;

import dev.ockamj.node.Address;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.TransportType;
import java.util.Objects;

/**
 * The one TCP hop of a multiaddr: {@code /ip4/A/tcp/P}, {@code /ip6/A/tcp/P} or {@code /dnsaddr/H/tcp/P}.
 * An IPv6 host is kept in RFC 5952 form without brackets ({@code ::1}), so equal hops compare equal.
 *
 * @param protocol {@link Protocol#IP4}, {@link Protocol#IP6} or {@link Protocol#DNSADDR}
 * @param host     the host literal or name
 * @param port     1..65535
 */
public record TcpHop(Protocol protocol, String host, int port) {

    /** @throws MultiAddrException if the host does not fit the protocol or the port is not 1..65535 */
    public TcpHop {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        String display = "/" + protocol.prefix() + "/" + host + "/tcp/" + port;
        if (!protocol.isHost()) {
            throw invalid(display, "'/" + protocol.prefix() + "' is not /ip4, /ip6 or /dnsaddr");
        }
        String problem = ValueRules.problem(protocol, host);
        if (problem != null) {
            throw invalid(display, problem);
        }
        if (port < 1 || port > 65535) {
            throw invalid(display, port + " is not a TCP port (expected 1..65535)");
        }
        if (protocol == Protocol.IP6) {
            host = IpLiterals.formatIpv6(IpLiterals.parseIpv6(host));
        }
    }

    /**
     * The hop for {@code host}, choosing ip4 for an IPv4 literal, ip6 for an IPv6 literal (brackets
     * optional) and dnsaddr otherwise.
     */
    public static TcpHop of(String host, int port) {
        Objects.requireNonNull(host, "host");
        String bare = host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        if (IpLiterals.parseIpv4(bare) != null) {
            return new TcpHop(Protocol.IP4, bare, port);
        }
        if (IpLiterals.parseIpv6(bare) != null) {
            return new TcpHop(Protocol.IP6, bare, port);
        }
        return new TcpHop(Protocol.DNSADDR, host, port);
    }

    /**
     * Parses {@code host:port} as a TCP address value is written: {@code 127.0.0.1:4000},
     * {@code [::1]:4000}, {@code localhost:4000}.
     */
    public static TcpHop parse(String hostPort) {
        Objects.requireNonNull(hostPort, "hostPort");
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new MultiAddrException("invalid TCP address '" + Printable.escape(hostPort, 200)
                    + "': expected host:port, e.g. 127.0.0.1:4000 or [::1]:4000");
        }
        String host = hostPort.substring(0, colon);
        if (host.indexOf(':') >= 0 && !(host.startsWith("[") && host.endsWith("]"))) {
            throw new MultiAddrException("invalid TCP address '" + Printable.escape(hostPort, 200)
                    + "': an IPv6 host must be in brackets, e.g. [::1]:4000");
        }
        int port = ValueRules.port(hostPort.substring(colon + 1));
        if (port < 0) {
            throw new MultiAddrException("invalid TCP address '" + Printable.escape(hostPort, 200) + "': "
                    + ValueRules.quote(hostPort.substring(colon + 1))
                    + " is not a TCP port (expected a decimal number 1..65535)");
        }
        return of(host, port);
    }

    /** {@code host:port}, with an IPv6 host in brackets ({@code [::1]:4000}): the value of a TCP address. */
    public String hostPort() {
        return (protocol == Protocol.IP6 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The TCP transport address {@code 1#host:port}. */
    public Address address() {
        return Address.of(TransportType.TCP, hostPort());
    }

    /** {@code /ip4/A/tcp/P} (or ip6 / dnsaddr). */
    public MultiAddr toMultiAddr() {
        return MultiAddr.of(protocol.segment(host), Protocol.TCP.segment(Integer.toString(port)));
    }

    private static MultiAddrException invalid(String display, String why) {
        return new MultiAddrException("invalid TCP hop '" + Printable.escape(display, 200) + "': " + why);
    }
}
