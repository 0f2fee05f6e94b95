package dev.ockamj.identity;

import dev.ockamj.node.Address;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What both sides of a channel are configured with: whom to trust, which local workers the peer may reach, the
 * credential to present and the authorities whose credentials count. A builder: not thread-safe.
 *
 * @param <T> the concrete options, returned by each setter
 */
abstract class ChannelOptions<T extends ChannelOptions<T>> {
    private TrustPolicy trustPolicy = TrustPolicy.trustEveryone();
    private final Set<Address> allowed = new LinkedHashSet<>();
    private byte[] credential;
    private List<Identity> authorities = List.of();

    abstract T self();

    /**
     * Lets the peer reach these local workers through the channel.
     *
     * @param addresses local workers' addresses
     * @return these options
     */
    public T allow(String... addresses) {
        for (String a : addresses) {
            allowed.add(Address.parse(a));
        }
        return self();
    }

    /**
     * Decides who may be at the other end (e.g. {@link TrustPolicy#trustIdentifier}).
     *
     * @param policy the trust policy
     * @return these options
     */
    public T trustPolicy(TrustPolicy policy) {
        this.trustPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /**
     * Presents a credential in the handshake (from {@link CredentialIssuer#issue}, or Ockam's hex of a
     * {@code CredentialAndPurposeKey}); the peer checks it only if it trusts the issuer.
     *
     * @param credentialHex the credential in hex
     * @return these options
     */
    public T credential(String credentialHex) {
        this.credential = HexFormat.of().parseHex(credentialHex.strip());
        return self();
    }

    /**
     * Trusts these authorities' credentials: a credential the peer presents is verified against them, and its
     * attributes become the channel's ({@link SecureChannel#attributes()}). A credential that does not verify is
     * logged and ignored, as in Ockam: the channel opens, without attributes.
     *
     * @param authorities the authorities' identities
     * @return these options
     */
    public T authorities(Identity... authorities) {
        this.authorities = List.of(authorities);
        return self();
    }

    /**
     * The local workers the peer may reach.
     *
     * @return their addresses
     */
    public List<Address> allowed() {
        return List.copyOf(allowed);
    }

    /**
     * Who may be at the other end.
     *
     * @return the trust policy
     */
    public TrustPolicy trustPolicy() {
        return trustPolicy;
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
