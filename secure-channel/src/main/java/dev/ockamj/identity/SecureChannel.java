package dev.ockamj.identity;

import dev.ockamj.identity.internal.ChannelState;
import dev.ockamj.node.Address;
import dev.ockamj.node.Route;

/**
 * An open secure channel, seen from this node: its address (the first hop of a route through it) and the peer
 * at the other end, verified. Thread-safe.
 */
public final class SecureChannel {
    private final ChannelState state;

    SecureChannel(ChannelState state) {
        this.state = state;
    }

    /**
     * The channel's LOCAL address: messages sent to it travel encrypted to the peer.
     *
     * @return the channel's LOCAL address: messages sent to it travel encrypted to the peer
     */
    public Address address() {
        return state.encryptor();
    }

    /**
     * @param rest the hops after the channel, on the peer's side
     * @return the route {@code [channel, rest...]}
     */
    public Route route(String... rest) {
        Route r = Route.of(state.encryptor());
        for (String hop : rest) {
            r = r.append(Address.parse(hop));
        }
        return r;
    }

    /**
     * The verified identifier of the peer.
     *
     * @return the verified identifier of the peer
     */
    public Identifier peer() {
        return state.peer();
    }

    /**
     * The attributes of the credentials the peer presented and this side verified against its trusted authorities.
     *
     * @return the attributes, empty without a verified credential
     */
    public java.util.Map<String, String> attributes() {
        return state.attributes();
    }

    /**
     * True if this side opened the channel.
     *
     * @return true if this side opened the channel
     */
    public boolean isInitiator() {
        return state.isInitiator();
    }

    /**
     * False once either side has closed the channel.
     *
     * @return false once either side has closed the channel
     */
    public boolean isOpen() {
        return state.isOpen();
    }

    /**
     * Presents a credential to the peer again, during the channel's life (Ockam's RefreshCredentials): a peer that
     * trusts its issuer replaces the channel's attributes with it. Returns at once.
     *
     * @param credentialHex the credential in hex (from {@link CredentialIssuer#issue})
     */
    public void presentCredential(String credentialHex) {
        byte[] c = java.util.HexFormat.of().parseHex(credentialHex.strip());
        state.presentCredential(c);
    }

    /** Closes the channel: the peer is told, and both sides' workers stop. Idempotent. */
    public void close() {
        state.close();
    }

    @Override
    public String toString() {
        return "SecureChannel[" + address() + " to " + peer() + (isOpen() ? "" : ", closed") + "]";
    }
}
