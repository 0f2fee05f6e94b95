package dev.ockamj.identity.internal.model;

import dev.ockamj.identity.internal.vault.Sha256;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes changes as Ockam does (ockam_identity src/identities/identity_keys.rs and identity_builder.rs at fb8fb64):
 * attestations valid from now for ten years of 365 days, no revocation; the first change signed by its key, a
 * rotation by the new key and the previous one, each over SHA-256 of the versioned data.
 */
public final class Changes {
    public static final long DEFAULT_TTL_SECONDS = 10L * 365 * 24 * 3600;

    private Changes() {
    }

    public static ChangeHistory create(SigningKey key, long nowSeconds) {
        return ChangeHistory.verify(ChangeHistory.encode(List.of(change(null, null, key, nowSeconds))));
    }

    public static ChangeHistory rotate(ChangeHistory history, SigningKey previousKey, SigningKey newKey, long nowSeconds) {
        List<Change> changes = new ArrayList<>(history.changes());
        changes.add(change(history.latestHash(), previousKey, newKey, nowSeconds));
        return ChangeHistory.verify(ChangeHistory.encode(changes));
    }

    private static Change change(byte[] previousHash, SigningKey previousKey, SigningKey key, long now) {
        ChangeData d = new ChangeData(previousHash, key.publicKeyBytes(), false, now, now + DEFAULT_TTL_SECONDS);
        byte[] vd = VersionedData.encode(VersionedData.CHANGE, d.encode());
        byte[] digest = Sha256.hash(vd);
        return new Change(vd, key.sign(digest), previousKey == null ? null : previousKey.sign(digest));
    }
}
