package dev.ockamj.identity;

import dev.ockamj.node.Address;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link SecureChannels#createSecureChannel} opens a channel: how long the handshake may take, which peers to
 * trust, and which local workers (besides the replies to what is sent through the channel) the peer may reach.
 * A builder: not thread-safe; the channel copies what it needs.
 */
public final class SecureChannelOptions {
    private Duration timeout = Duration.ofSeconds(30);
    private TrustPolicy trustPolicy = TrustPolicy.trustEveryone();
    private final Set<Address> allowed = new LinkedHashSet<>();
    private byte[] credential;
    private List<Identity> authorities = List.of();

    private SecureChannelOptions() {
    }

    /**
     * A 30 s handshake, any verified peer trusted, only replies let in.
     *
     * @return a 30 s handshake, any verified peer trusted, only replies let in
     */
    public static SecureChannelOptions defaults() {
        return new SecureChannelOptions();
    }

    /**
     * @param timeout how long the handshake may take; after it the channel is abandoned with TIMEOUT
     * @return this
     */
    public SecureChannelOptions timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * @param policy who may be at the other end (e.g. {@link TrustPolicy#trustIdentifier})
     * @return this
     */
    public SecureChannelOptions trustPolicy(TrustPolicy policy) {
        this.trustPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * @param addresses local workers the peer may send to through the channel (replies always may)
     * @return this
     */
    public SecureChannelOptions allow(String... addresses) {
        for (String a : addresses) {
            allowed.add(Address.parse(a));
        }
        return this;
    }

    /**
     * How long the handshake may take.
     *
     * @return how long the handshake may take
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Who may be at the other end.
     *
     * @return who may be at the other end
     */
    public TrustPolicy trustPolicy() {
        return trustPolicy;
    }

    /**
     * The local workers the peer may send to, besides replies.
     *
     * @return the local workers the peer may send to, besides replies
     */
    public List<Address> allowed() {
        return List.copyOf(allowed);
    }

    /**
     * Presents a credential in the handshake (from {@link CredentialIssuer#issue}, or Ockam's hex of a
     * {@code CredentialAndPurposeKey}); the peer checks it only if it trusts the issuer.
     *
     * @param credentialHex the credential in hex
     * @return this
     */
    public SecureChannelOptions credential(String credentialHex) {
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
    public SecureChannelOptions authorities(Identity... authorities) {
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
