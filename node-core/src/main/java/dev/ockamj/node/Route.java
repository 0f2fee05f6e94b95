package dev.ockamj.node;

import dev.ockamj.node.internal.Printable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable sequence of {@link Address}es a message travels along. The first hop is {@link #next()}.
 * String form (docs/wire.md §5): hops joined with {@code =>}, whitespace around each hop trimmed.
 */
public final class Route {

    private static final Address[] NONE = new Address[0];
    private static final Route EMPTY = new Route(NONE);

    private final Address[] hops;

    private Route(Address[] hops) {
        this.hops = hops;
    }

    public static Route empty() {
        return EMPTY;
    }

    public static Route of(Address... hops) {
        Address[] copy = hops.clone();
        for (Address a : copy) {
            Objects.requireNonNull(a, "route hop");
        }
        return copy.length == 0 ? EMPTY : new Route(copy);
    }

    public static Route of(List<Address> hops) {
        return of(hops.toArray(NONE));
    }

    /** Each argument is parsed as one address ({@link Address#parse}). */
    public static Route of(String... hops) {
        Address[] parsed = new Address[hops.length];
        for (int i = 0; i < hops.length; i++) {
            parsed[i] = Address.parse(hops[i].trim());
        }
        return parsed.length == 0 ? EMPTY : new Route(parsed);
    }

    /**
     * Parses {@code "a => 1#host:4000 => b"}. An empty or blank string is the empty route; an empty hop
     * between arrows is an error.
     *
     * @throws OckamException of kind {@link OckamException.Kind#INVALID_ADDRESS}
     */
    public static Route parse(String text) {
        Objects.requireNonNull(text, "route");
        if (text.isBlank()) {
            return EMPTY;
        }
        String[] parts = text.split("=>", -1);
        Address[] parsed = new Address[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String hop = parts[i].trim();
            if (hop.isEmpty()) {
                throw new OckamException(OckamException.Kind.INVALID_ADDRESS,
                        "invalid route '" + Printable.escape(text, 200) + "': hop " + i + " is empty");
            }
            parsed[i] = Address.parse(hop);
        }
        return new Route(parsed);
    }

    /** The first hop. @throws OckamException ADDRESS_NOT_FOUND when the route is empty. */
    public Address next() {
        if (hops.length == 0) {
            throw new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "the route is empty");
        }
        return hops[0];
    }

    /** The first hop, or null when the route is empty. */
    public Address nextOrNull() {
        return hops.length == 0 ? null : hops[0];
    }

    /** The route without its first hop (Ockam's {@code step}). */
    public Route step() {
        if (hops.length == 0) {
            throw new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "cannot step an empty route");
        }
        return hops.length == 1 ? EMPTY : new Route(Arrays.copyOfRange(hops, 1, hops.length));
    }

    /** A route with {@code hop} in front. */
    public Route prepend(Address hop) {
        Address[] n = new Address[hops.length + 1];
        n[0] = Objects.requireNonNull(hop, "hop");
        System.arraycopy(hops, 0, n, 1, hops.length);
        return new Route(n);
    }

    /** A route with {@code hop} at the end. */
    public Route append(Address hop) {
        Address[] n = Arrays.copyOf(hops, hops.length + 1);
        n[hops.length] = Objects.requireNonNull(hop, "hop");
        return new Route(n);
    }

    /** This route followed by {@code other}. */
    public Route append(Route other) {
        if (other.hops.length == 0) {
            return this;
        }
        if (hops.length == 0) {
            return other;
        }
        Address[] n = Arrays.copyOf(hops, hops.length + other.hops.length);
        System.arraycopy(other.hops, 0, n, hops.length, other.hops.length);
        return new Route(n);
    }

    /** A route with the first hop replaced. */
    public Route replaceNext(Address hop) {
        Address[] n = hops.clone();
        n[0] = Objects.requireNonNull(hop, "hop");
        return new Route(n);
    }

    public boolean isEmpty() {
        return hops.length == 0;
    }

    public int size() {
        return hops.length;
    }

    public Address get(int i) {
        return hops[i];
    }

    public List<Address> addresses() {
        return Collections.unmodifiableList(Arrays.asList(hops));
    }

    public boolean contains(Address a) {
        for (Address h : hops) {
            if (h.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** Hops joined with {@code " => "}, as Ockam displays a route. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(hops.length);
        for (Address a : hops) {
            parts.add(a.toString());
        }
        return String.join(" => ", parts);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Route r && Arrays.equals(r.hops, hops));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hops);
    }
}
