package dev.ockamj.identity;

import dev.ockamj.identity.internal.OwnIdentity;
import dev.ockamj.identity.internal.model.ChangeHistory;
import dev.ockamj.identity.internal.model.KeyType;
import dev.ockamj.identity.internal.model.SigningKey;
import dev.ockamj.identity.internal.vault.X25519;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets of a node's own identity, so that it keeps its identifier across restarts: its change history, the
 * secret of its current key (an Ed25519 seed or a P-256 scalar) and its secure channel key. {@link #export()} is text to store where only the
 * node's user can read it (the command keeps it in a 0600 file); anyone who has it can act as the identity.
 * Immutable, thread-safe.
 */
public final class IdentitySecrets {
    private static final String HEADER = "ockamj-identity-secrets v1";
    private final ChangeHistory history;
    private final SigningKey signingKey;
    private final byte[] channelSecret;

    private IdentitySecrets(ChangeHistory history, SigningKey signingKey, byte[] channelSecret) {
        this.history = history;
        this.signingKey = signingKey;
        this.channelSecret = channelSecret;
    }

    /**
     * A new Ed25519 identity and secure channel key.
     *
     * @return a new Ed25519 identity and secure channel key
     */
    public static IdentitySecrets generate() {
        return generate(KeyKind.ED25519);
    }

    /**
     * A new identity whose key is of {@code kind}, with a new secure channel key.
     *
     * @param kind the kind of the identity's signing key
     * @return the new identity's secrets
     */
    public static IdentitySecrets generate(KeyKind kind) {
        OwnIdentity o = OwnIdentity.create(kind == KeyKind.P256 ? KeyType.P256 : KeyType.ED25519,
                System.currentTimeMillis() / 1000);
        return new IdentitySecrets(o.history(), o.signingKey(), o.channelSecret());
    }

    /**
     * The identity, as peers see it.
     *
     * @return the identity, as peers see it
     */
    public Identity identity() {
        return Identity.of(history);
    }

    /**
     * The secrets as text: keep it private.
     *
     * @return the secrets as text: keep it private
     */
    public String export() {
        HexFormat hex = HexFormat.of();
        String kind = signingKey.type() == KeyType.ED25519 ? "ed25519" : "p256";
        return HEADER + "\nchange-history " + hex.formatHex(history.encoded()) + "\nsigning-key " + kind + " "
                + hex.formatHex(signingKey.secret()) + "\nsecure-channel-key x25519 " + hex.formatHex(channelSecret) + "\n";
    }

    /**
     * @param text what {@link #export()} wrote
     * @return the secrets
     * @throws IdentityException if the text is not such an export, the history does not verify, or the key is
     *     not the history's current key
     */
    public static IdentitySecrets parse(String text) {
        String[] lines = text.strip().split("\n");
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
            throw new IdentityException("not ockamj identity secrets (the first line is not '" + HEADER + "')");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                fields.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        try {
            HexFormat hex = HexFormat.of();
            ChangeHistory history = ChangeHistory.verify(hex.parseHex(require(fields, "change-history")));
            byte[] channel = hex.parseHex(require(fields, "secure-channel-key x25519"));
            SigningKey key;
            if (fields.containsKey("signing-key p256")) {
                // the public key is the history's: checked by signing and verifying below
                key = new SigningKey(KeyType.P256, hex.parseHex(fields.get("signing-key p256")),
                        history.latest().primaryPublicKey().bytes());
                byte[] probe = new byte[32];
                if (!KeyType.P256.verify(key.publicKey(), probe, key.sign(probe).bytes())) {
                    throw new IdentityException("the signing key is not the identity's current key");
                }
            } else {
                key = SigningKey.ed25519(hex.parseHex(require(fields, "signing-key ed25519")));
                if (!key.publicKeyBytes().equals(history.latest().primaryPublicKey())) {
                    throw new IdentityException("the signing key is not the identity's current key");
                }
            }
            X25519.publicKey(channel); // a clear error now rather than at the first handshake
            return new IdentitySecrets(history, key, channel);
        } catch (IllegalArgumentException | dev.ockamj.identity.internal.vault.VaultException e) {
            throw new IdentityException("the identity secrets are damaged: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IdentityException("the identity secrets have no '" + key + "' line");
        }
        return v;
    }

    OwnIdentity own() {
        return OwnIdentity.of(history, signingKey, channelSecret, System.currentTimeMillis() / 1000);
    }

    @Override
    public String toString() {
        return "IdentitySecrets[" + history.identifier() + ", secrets hidden]";
    }
}
