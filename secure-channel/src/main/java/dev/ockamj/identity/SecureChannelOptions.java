package dev.ockamj.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SecureChannels#createSecureChannel} opens a channel: how long the handshake may take, which peers to
 * trust, which local workers (besides the replies to what is sent through the channel) the peer may reach, and the
 * credentials presented and accepted. A builder: not thread-safe; the channel copies what it needs.
 */
public final class SecureChannelOptions extends ChannelOptions<SecureChannelOptions> {
    private Duration timeout = Duration.ofSeconds(30);

    private SecureChannelOptions() {
    }

    /**
     * The defaults.
     *
     * @return a 30 s handshake, any verified peer trusted, only replies let in, no credentials
     */
    public static SecureChannelOptions defaults() {
        return new SecureChannelOptions();
    }

    @Override
    SecureChannelOptions self() {
        return this;
    }

    /**
     * Sets how long the handshake may take; after it the channel is abandoned with TIMEOUT.
     *
     * @param timeout the handshake's time
     * @return these options
     */
    public SecureChannelOptions timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * How long the handshake may take.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
