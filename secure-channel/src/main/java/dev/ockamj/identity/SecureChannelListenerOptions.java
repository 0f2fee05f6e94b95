package dev.ockamj.identity;

import dev.ockamj.node.Address;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a secure channel listener accepts channels: which peers to trust, which local workers its channels deliver
 * to (none unless allowed: security by default), and how long a handshake may take before its workers are
 * stopped. A builder: not thread-safe; the listener copies what it needs.
 */
public final class SecureChannelListenerOptions {
    private Duration handshakeTimeout = Duration.ofSeconds(30);
    private TrustPolicy trustPolicy = TrustPolicy.trustEveryone();
    private final Set<Address> allowed = new LinkedHashSet<>();
    private byte[] credential;
    private List<Identity> authorities = List.of();

    private SecureChannelListenerOptions() {
    }

    /**
     * Any verified peer trusted, no worker reachable, 30 s per handshake.
     *
     * @return any verified peer trusted, no worker reachable, 30 s per handshake
     */
    public static SecureChannelListenerOptions defaults() {
        return new SecureChannelListenerOptions();
    }

    /**
     * @param addresses local workers that peers may reach through the listener's channels
     * @return this
     */
    public SecureChannelListenerOptions allow(String... addresses) {
        for (String a : addresses) {
            allowed.add(Address.parse(a));
        }
        return this;
    }

    /**
     * @param policy who may open a channel (e.g. {@link TrustPolicy#trustIdentifier})
     * @return this
     */
    public SecureChannelListenerOptions trustPolicy(TrustPolicy policy) {
        this.trustPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * @param timeout how long a peer may take to finish its handshake
     * @return this
     */
    public SecureChannelListenerOptions handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * The workers its channels may deliver to.
     *
     * @return the workers its channels may deliver to
     */
    public List<Address> allowed() {
        return List.copyOf(allowed);
    }

    /**
     * Who may open a channel.
     *
     * @return who may open a channel
     */
    public TrustPolicy trustPolicy() {
        return trustPolicy;
    }

    /**
     * How long a handshake may take.
     *
     * @return how long a handshake may take
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Presents a credential in the handshake (from {@link CredentialIssuer#issue}, or Ockam's hex of a
     * {@code CredentialAndPurposeKey}); the peer checks it only if it trusts the issuer.
     *
     * @param credentialHex the credential in hex
     * @return this
     */
    public SecureChannelListenerOptions credential(String credentialHex) {
        this.credential = java.util.HexFormat.of().parseHex(credentialHex.strip());
        return this;
    }

    /**
     * Trusts these authorities' credentials: a credential the peer presents is verified against them, and its
     * attributes become the channel's ({@link SecureChannel#attributes()}). A credential that does not verify is
     * logged and ignored, as in Ockam: the channel opens, without attributes.
     *
     * @param authorities the authorities' identities
     * @return this
     */
    public SecureChannelListenerOptions authorities(Identity... authorities) {
        this.authorities = List.of(authorities);
        return this;
    }

    /**
     * The credential presented.
     *
     * @return its CBOR bytes, or null
     */
    public byte[] credential() {
        return credential == null ? null : credential.clone();
    }

    /**
     * The trusted authorities.
     *
     * @return their identities
     */
    public List<Identity> authorities() {
        return authorities;
    }
}
