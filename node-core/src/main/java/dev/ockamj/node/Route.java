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

    /**
     * The route with no hops.
     *
     * @return the empty route (one shared instance)
     */
    public static Route empty() {
        return EMPTY;
    }

    /**
     * A route of the given hops, in order.
     *
     * @param hops the hops, first hop first; the array is copied
     * @return the route ({@link #empty()} for no hops)
     * @throws NullPointerException if a hop is null
     */
    public static Route of(Address... hops) {
        Address[] copy = hops.clone();
        for (Address a : copy) {
            Objects.requireNonNull(a, "route hop");
        }
        return copy.length == 0 ? EMPTY : new Route(copy);
    }

    /**
     * A route of the given hops, in order.
     *
     * @param hops the hops, first hop first; the list is copied
     * @return the route ({@link #empty()} for no hops)
     * @throws NullPointerException if a hop is null
     */
    public static Route of(List<Address> hops) {
        return of(hops.toArray(NONE));
    }

    /**
     * A route of the given hops as text: each argument is trimmed and parsed as one address ({@link Address#parse}).
     *
     * @param hops the hops, first hop first, e.g. {@code "1#127.0.0.1:4000", "echoer"}
     * @return the route ({@link #empty()} for no hops)
     * @throws OckamException INVALID_ADDRESS if a hop does not parse
     */
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
     * @param text hops joined with {@code =>}
     * @return the route
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

    /**
     * The first hop.
     *
     * @return the first address of the route
     * @throws OckamException ADDRESS_NOT_FOUND when the route is empty
     */
    public Address next() {
        if (hops.length == 0) {
            throw new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "the route is empty");
        }
        return hops[0];
    }

    /**
     * The first hop, or null when the route is empty.
     *
     * @return the first address, or null
     */
    public Address nextOrNull() {
        return hops.length == 0 ? null : hops[0];
    }

    /**
     * The route without its first hop (Ockam's {@code step}).
     *
     * @return a route of the hops after the first
     * @throws OckamException ADDRESS_NOT_FOUND when the route is empty
     */
    public Route step() {
        if (hops.length == 0) {
            throw new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "cannot step an empty route");
        }
        return hops.length == 1 ? EMPTY : new Route(Arrays.copyOfRange(hops, 1, hops.length));
    }

    /**
     * A route with {@code hop} in front.
     *
     * @param hop the new first hop
     * @return a new route: {@code hop}, then this route's hops
     */
    public Route prepend(Address hop) {
        Address[] n = new Address[hops.length + 1];
        n[0] = Objects.requireNonNull(hop, "hop");
        System.arraycopy(hops, 0, n, 1, hops.length);
        return new Route(n);
    }

    /**
     * A route with {@code hop} at the end.
     *
     * @param hop the new last hop
     * @return a new route: this route's hops, then {@code hop}
     */
    public Route append(Address hop) {
        Address[] n = Arrays.copyOf(hops, hops.length + 1);
        n[hops.length] = Objects.requireNonNull(hop, "hop");
        return new Route(n);
    }

    /**
     * This route followed by {@code other}.
     *
     * @param other the hops to add at the end
     * @return the joined route (this route itself if {@code other} is empty, {@code other} if this one is)
     */
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

    /**
     * A route with the first hop replaced.
     *
     * @param hop the new first hop
     * @return a new route: {@code hop}, then this route's hops after the first
     * @throws ArrayIndexOutOfBoundsException if the route is empty
     */
    public Route replaceNext(Address hop) {
        Address[] n = hops.clone();
        n[0] = Objects.requireNonNull(hop, "hop");
        return new Route(n);
    }

    /**
     * Whether the route has no hops.
     *
     * @return true for the empty route
     */
    public boolean isEmpty() {
        return hops.length == 0;
    }

    /**
     * The number of hops.
     *
     * @return how many addresses the route has
     */
    public int size() {
        return hops.length;
    }

    /**
     * One hop of the route.
     *
     * @param i the hop's index, 0 for the first hop
     * @return the address at index {@code i}
     * @throws ArrayIndexOutOfBoundsException if {@code i} is not in {@code 0..size()-1}
     */
    public Address get(int i) {
        return hops[i];
    }

    /**
     * The hops as a list.
     *
     * @return an unmodifiable view of the hops, first hop first
     */
    public List<Address> addresses() {
        return Collections.unmodifiableList(Arrays.asList(hops));
    }

    /**
     * Whether {@code a} is one of the hops.
     *
     * @param a the address to look for
     * @return true if some hop equals {@code a}
     */
    public boolean contains(Address a) {
        for (Address h : hops) {
            if (h.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hops joined with {@code " => "}, as Ockam displays a route.
     *
     * @return the display form, e.g. {@code 1#127.0.0.1:4000 => 0#echoer}
     */
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
