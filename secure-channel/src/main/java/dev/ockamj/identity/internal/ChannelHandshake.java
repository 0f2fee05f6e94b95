package dev.ockamj.identity.internal;

import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.TrustPolicy;
import dev.ockamj.identity.internal.cbor.CborException;
import dev.ockamj.identity.internal.model.ChangeHistory;
import dev.ockamj.identity.internal.model.IdentityPayload;
import dev.ockamj.identity.internal.model.PurposeKeyAttestation;
import dev.ockamj.identity.internal.noise.NoiseXx;
import dev.ockamj.identity.internal.model.Credential;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Noise XX handshake with Ockam's identity checks (handshake_state_machine.rs at fb8fb64): messages 2 and 3
 * carry each side's change history and the attestation of its secure channel key; the receiver verifies the
 * history, the attestation, that the attested key is the Noise static key the peer used, and its trust policy.
 * Message 1 carries nothing. Not thread-safe.
 */
public final class ChannelHandshake {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelHandshake.class);
    private final NoiseXx noise;
    private final OwnIdentity own;
    private final TrustPolicy trust;
    private final byte[] credential;
    private final List<ChangeHistory> authorities;
    private Identifier peer;
    private Map<String, String> attributes = Map.of();

    public ChannelHandshake(NoiseXx.Role role, OwnIdentity own, TrustPolicy trust) {
        this(role, own, trust, null, List.of());
    }

    /**
     * @param credential the credential this side presents (CBOR), or null
     * @param authorities whose credentials this side accepts from the peer
     */
    public ChannelHandshake(NoiseXx.Role role, OwnIdentity own, TrustPolicy trust, byte[] credential,
                            List<ChangeHistory> authorities) {
        this.noise = NoiseXx.start(role, own.channelSecret());
        this.own = own;
        this.trust = trust;
        this.credential = credential;
        this.authorities = List.copyOf(authorities);
    }

    /** Initiator: message 1. */
    public byte[] start() {
        return noise.writeMessage1(new byte[0]);
    }

    /** Responder: message 2 in answer to message 1. */
    public byte[] onMessage1(byte[] m1) {
        noise.readMessage1(m1); // its payload is empty in Ockam and ignored
        return noise.writeMessage2(own.handshakePayload(credential));
    }

    /** Initiator: checks the responder, then message 3; the handshake is done. */
    public byte[] onMessage2(byte[] m2) {
        peer = verifyPeer(noise.readMessage2(m2));
        return noise.writeMessage3(own.handshakePayload(credential));
    }

    /** Responder: checks the initiator; the handshake is done. */
    public void onMessage3(byte[] m3) {
        byte[] payload = noise.readMessage3(m3);
        peer = verifyPeer(payload);
    }

    public boolean isDone() {
        return noise.isDone() && peer != null;
    }

    public Identifier peer() {
        return peer;
    }

    /** The attributes of the peer's verified credentials (empty without a trusted one). */
    public Map<String, String> peerAttributes() {
        return attributes;
    }

    public NoiseXx.Keys keys() {
        return isDone() ? noise.keys() : null;
    }

    public NoiseXx.Role role() {
        return noise.role();
    }

    private Identifier verifyPeer(byte[] payload) {
        IdentityPayload p;
        try {
            p = IdentityPayload.decode(payload);
        } catch (CborException e) {
            throw new IdentityException("the peer's identity payload does not decode: " + e.getMessage(), e);
        }
        ChangeHistory history = ChangeHistory.verify(p.changeHistory());
        PurposeKeyAttestation.Attested key = p.attestation().verify(history, System.currentTimeMillis() / 1000);
        if (!key.isSecureChannelKey()) {
            throw new IdentityException("the peer's attested key is a credential signing key, not a secure channel key");
        }
        if (!Arrays.equals(key.x25519PublicKey(), noise.remoteStaticKey())) {
            throw new IdentityException("the peer's attested secure channel key is not the key it used in the handshake");
        }
        Identifier id = history.identifier();
        if (!trust.trusts(id)) {
            throw new TrustRefused(id);
        }
        if (!authorities.isEmpty()) {
            attributes = verifyCredentials(id, p.credentials());
        }
        return id;
    }

    /** Ockam's RefreshCredentialsMessage of this side: {@code [change history, [credential]]}. */
    public byte[] refreshMessage(byte[] credential) {
        dev.ockamj.identity.internal.cbor.CborWriter w = new dev.ockamj.identity.internal.cbor.CborWriter()
                .array(2).raw(own.history().encoded()).array(1).raw(credential);
        return w.toByteArray();
    }

    /**
     * The peer presents credentials again (RefreshCredentials): its history must still be the peer's, and the
     * credentials that verify replace the channel's attributes. Returns null, and logs, if it is not the peer's.
     */
    public Map<String, String> onRefresh(byte[] refresh) {
        try {
            dev.ockamj.identity.internal.cbor.CborReader r = new dev.ockamj.identity.internal.cbor.CborReader(refresh);
            int n = r.array("refresh credentials");
            ChangeHistory history = ChangeHistory.verify(r.rawItem("change history"));
            int k = r.array("credentials");
            List<byte[]> credentials = new java.util.ArrayList<>();
            for (int i = 0; i < k; i++) {
                credentials.add(r.rawItem("credential"));
            }
            r.skipExtra(n, 2, "refresh credentials");
            if (!history.identifier().equals(peer)) {
                LOG.warn("secure channel: {} presented the change history of {}; ignored", peer, history.identifier());
                return null;
            }
            return authorities.isEmpty() ? Map.of() : verifyCredentials(peer, credentials);
        } catch (CborException | IdentityException e) {
            LOG.warn("secure channel: the credentials {} presented again are ignored: {}", peer, e.getMessage());
            return null;
        }
    }

    /** As Ockam: a credential that does not verify is logged and ignored; the channel opens without it. */
    private Map<String, String> verifyCredentials(Identifier id, List<byte[]> presented) {
        Map<String, String> all = new TreeMap<>();
        long now = System.currentTimeMillis() / 1000;
        for (byte[] c : presented) {
            try {
                all.putAll(Credential.decode(c).verify(id, authorities, now).attributes());
            } catch (IdentityException e) {
                LOG.warn("secure channel handshake: the credential {} presented is ignored: {}", id, e.getMessage());
            }
        }
        return Map.copyOf(all);
    }

    /** The peer verified, but the trust policy does not accept it. */
    public static final class TrustRefused extends RuntimeException {
        private final transient Identifier peer;

        TrustRefused(Identifier peer) {
            super("the trust policy refuses " + peer);
            this.peer = peer;
        }

        public Identifier peer() {
            return peer;
        }
    }
}
