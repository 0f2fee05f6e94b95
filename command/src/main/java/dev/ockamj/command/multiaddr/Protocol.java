package dev.ockamj.command.multiaddr;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The multiaddr protocols the {@code ockam} command knows (docs/wire.md §10), by their text prefix. */
public enum Protocol {
    IP4("ip4"),
    IP6("ip6"),
    DNSADDR("dnsaddr"),
    TCP("tcp"),
    SERVICE("service"),
    WORKER("worker"),
    SECURE("secure"),
    NODE("node"),
    PROJECT("project"),
    SPACE("space");

    private final String prefix;

    Protocol(String prefix) {
        this.prefix = prefix;
    }

    /** The text form, e.g. {@code ip4}. */
    public String prefix() {
        return prefix;
    }

    /** A segment of this protocol. */
    public Segment segment(String value) {
        return new Segment(prefix, value);
    }

    /** Whether this protocol names a host that {@code /tcp} may follow. */
    public boolean isHost() {
        return this == IP4 || this == IP6 || this == DNSADDR;
    }

    /** Exact, case-sensitive lookup of a text prefix. */
    public static Optional<Protocol> byPrefix(String prefix) {
        for (Protocol p : values()) {
            if (p.prefix.equals(prefix)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String allPrefixes() {
        return Arrays.stream(values()).map(Protocol::prefix).collect(Collectors.joining(", "));
    }
}
