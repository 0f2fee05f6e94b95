package dev.ockamj.node.relay;

import dev.ockamj.node.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a {@link RemoteRelay}. By default what arrives through the relay reaches no worker on this node:
 * name the ones it may reach with {@link #allow} (e.g. the secure channel listener {@code api}). Not thread-safe; a
 * relay copies them.
 */
public final class RemoteRelayOptions {
    private final List<Address> allowed = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(10);
    private Duration retryDelay = Duration.ofSeconds(1);
    private Duration maxRetryDelay = Duration.ofSeconds(30);

    private RemoteRelayOptions() {
    }

    /**
     * New options: nothing reachable through the relay, a registration answered within 10 s, retries after 1 s
     * growing to 30 s.
     *
     * @return new options
     */
    public static RemoteRelayOptions defaults() {
        return new RemoteRelayOptions();
    }

    /**
     * Lets messages that come through the relay reach these workers of this node.
     *
     * @param addresses workers' addresses, each parsed with {@link Address#parse}
     * @return these options
     */
    public RemoteRelayOptions allow(String... addresses) {
        for (String a : addresses) {
            allowed.add(Address.parse(a));
        }
        return this;
    }

    /**
     * How long a registration may wait for the relay service's answer before it is tried again.
     *
     * @param timeout a positive duration
     * @return these options
     */
    public RemoteRelayOptions timeout(Duration timeout) {
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /**
     * How long to wait before registering again after the way to the relay node failed; doubles on each failure up
     * to {@code max}.
     *
     * @param first the first delay, positive
     * @param max the longest delay, at least {@code first}
     * @return these options
     */
    public RemoteRelayOptions retryDelay(Duration first, Duration max) {
        this.retryDelay = positive(first, "first");
        this.maxRetryDelay = positive(max, "max");
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("max retry delay is shorter than the first");
        }
        return this;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }

    List<Address> allowed() {
        return List.copyOf(allowed);
    }

    Duration timeout() {
        return timeout;
    }

    Duration retryDelay() {
        return retryDelay;
    }

    Duration maxRetryDelay() {
        return maxRetryDelay;
    }
}
