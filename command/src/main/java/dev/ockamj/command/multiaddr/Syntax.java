package dev.ockamj.command.multiaddr;

import dev.ockamj.node.internal.Printable;
import java.util.ArrayList;
import java.util.List;

/** Splits multiaddr text into segments and checks the rules that involve more than one segment. */
final class Syntax {
    private Syntax() {
    }

    static MultiAddrException invalid(String text, String why) {
        return new MultiAddrException("invalid multiaddr '" + Printable.escape(text, 200) + "': " + why);
    }

    /** {@code /p/v/p/v...} into segments; only the shape is checked here, not the values. */
    static List<Segment> split(String text) {
        if (text.isEmpty()) {
            throw invalid(text, "it is empty (expected /protocol/value..., e.g. /node/n1/service/echo)");
        }
        if (text.charAt(0) != '/') {
            throw invalid(text, "it must start with '/' (e.g. /service/echo) or be 'self'");
        }
        List<Segment> out = new ArrayList<>();
        int pos = 1;
        while (true) {
            int slash = text.indexOf('/', pos);
            String protocol = text.substring(pos, slash < 0 ? text.length() : slash);
            if (protocol.isEmpty()) {
                throw invalid(text, slash < 0 ? "it ends with '/' (expected a protocol after it)"
                        : "empty protocol at position " + pos + " ('//')");
            }
            if (slash < 0 || slash == text.length() - 1) {
                throw invalid(text, ValueRules.quote("/" + protocol) + " has no value (expected /"
                        + Printable.escape(protocol, 50) + "/VALUE)");
            }
            int end = text.indexOf('/', slash + 1);
            String value = text.substring(slash + 1, end < 0 ? text.length() : end);
            if (value.isEmpty()) {
                throw invalid(text, ValueRules.quote("/" + protocol) + " has an empty value");
            }
            out.add(new Segment(protocol, value));
            if (end < 0) {
                return out;
            }
            if (end == text.length() - 1) {
                throw invalid(text, "it ends with '/' (expected a protocol after it)");
            }
            pos = end + 1;
        }
    }

    /**
     * Checks every segment's protocol and value, that {@code /tcp} follows a host and every ip4/ip6 is
     * followed by {@code /tcp}, and that there is at most one TCP hop ({@code /node} counts as one: it
     * becomes the node's TCP listener).
     */
    static void check(String text, List<Segment> segments) {
        Protocol[] protocols = new Protocol[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            protocols[i] = Protocol.byPrefix(s.protocol()).orElseThrow(() -> invalid(text,
                    ValueRules.quote(s.toString()) + " has an unknown protocol " + ValueRules.quote(s.protocol())
                            + " (expected one of " + Protocol.allPrefixes() + ")"));
            String problem = ValueRules.problem(protocols[i], s.value());
            if (problem != null) {
                throw invalid(text, problem);
            }
        }
        String firstHop = null;
        for (int i = 0; i < protocols.length; i++) {
            Segment s = segments.get(i);
            Protocol p = protocols[i];
            boolean tcpNext = i + 1 < protocols.length && protocols[i + 1] == Protocol.TCP;
            if (p == Protocol.TCP && (i == 0 || !protocols[i - 1].isHost())) {
                throw invalid(text, ValueRules.quote(s.toString()) + " must follow /ip4, /ip6 or /dnsaddr");
            }
            if ((p == Protocol.IP4 || p == Protocol.IP6) && !tcpNext) {
                throw invalid(text, ValueRules.quote(s.toString()) + " must be followed by /tcp/PORT");
            }
            boolean hop = (p.isHost() && tcpNext) || p == Protocol.NODE;
            if (hop) {
                String display = p == Protocol.NODE ? s.toString() : s + segments.get(i + 1).toString();
                if (firstHop != null) {
                    throw invalid(text, "only one TCP hop is allowed, but " + ValueRules.quote(display)
                            + " comes after " + ValueRules.quote(firstHop));
                }
                firstHop = display;
            }
        }
    }
}
