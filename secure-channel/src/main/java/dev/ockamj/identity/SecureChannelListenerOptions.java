package dev.ockamj.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * How a secure channel listener accepts channels: which peers to trust, which local workers its channels deliver
 * to (none unless allowed: security by default), the credentials presented and accepted, and how long a handshake
 * may take before its workers are stopped. A builder: not thread-safe; the listener copies what it needs.
 */
public final class SecureChannelListenerOptions extends ChannelOptions<SecureChannelListenerOptions> {
    private Duration handshakeTimeout = Duration.ofSeconds(30);

    private SecureChannelListenerOptions() {
    }

    /**
     * The defaults.
     *
     * @return any verified peer trusted, no worker reachable, 30 s per handshake, no credentials
     */
    public static SecureChannelListenerOptions defaults() {
        return new SecureChannelListenerOptions();
    }

    @Override
    SecureChannelListenerOptions self() {
        return this;
    }

    /**
     * Sets how long a peer may take to finish its handshake.
     *
     * @param timeout the handshake's time
     * @return these options
     */
    public SecureChannelListenerOptions handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How long a handshake may take.
     *
     * @return the timeout
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }
}
