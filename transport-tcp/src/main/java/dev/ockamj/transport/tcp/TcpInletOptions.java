package dev.ockamj.transport.tcp;

import java.time.Duration;

/** Options of a {@link TcpInlet}. Not thread-safe; an inlet copies them. */
public final class TcpInletOptions {
    private Duration pongTimeout = Duration.ofSeconds(20);
    private Duration linger = Duration.ofSeconds(60);

    private TcpInletOptions() {
    }

    /**
     * New options: the outlet answers a new connection within 20 s; a half-closed connection lingers 60 s.
     *
     * @return new options
     */
    public static TcpInletOptions defaults() {
        return new TcpInletOptions();
    }

    /**
     * How long a new connection waits for the outlet's answer before its client is disconnected.
     *
     * @param timeout a positive duration
     * @return these options
     */
    public TcpInletOptions pongTimeout(Duration timeout) {
        this.pongTimeout = TcpOutletOptions.positive(timeout, "pongTimeout");
        return this;
    }

    /**
     * How long a connection whose client has stopped sending waits for the other side to end too (an Ockam Rust
     * outlet closes without saying so) before it is closed.
     *
     * @param linger a positive duration
     * @return these options
     */
    public TcpInletOptions linger(Duration linger) {
        this.linger = TcpOutletOptions.positive(linger, "linger");
        return this;
    }

    Duration pongTimeout() {
        return pongTimeout;
    }

    Duration linger() {
        return linger;
    }

    @Override
    public String toString() {
        return "TcpInletOptions(pongTimeout " + pongTimeout + ", linger " + linger + ")";
    }
}
