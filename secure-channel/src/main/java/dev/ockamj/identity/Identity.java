package dev.ockamj.identity;

import dev.ockamj.identity.internal.model.ChangeHistory;
import dev.ockamj.identity.internal.model.KeyType;
import java.util.HexFormat;

/**
 * A verified Ockam identity: its change history (every key it has had, each change signed by the new key and
 * by the one before), and the identifier that names it. An Identity exists only once its whole history has
 * verified. Immutable, thread-safe.
 */
public final class Identity {
    private final ChangeHistory history;

    private Identity(ChangeHistory history) {
        this.history = history;
    }

    /**
     * Decodes and verifies a change history, as Ockam exports it (CBOR).
     *
     * @param changeHistory the CBOR bytes
     * @return the identity
     * @throws IdentityException if the bytes do not decode or any change does not verify
     */
    public static Identity importChangeHistory(byte[] changeHistory) {
        return new Identity(ChangeHistory.verify(changeHistory));
    }

    /**
     * {@link #importChangeHistory} of hex, as {@code ockam identity show --full} prints it.
     *
     * @param hex the change history in hex
     * @return the identity
     * @throws IdentityException if the text is not hex or the history does not verify
     */
    public static Identity importHex(String hex) {
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IdentityException("a change history in hex has only hex digits: " + e.getMessage());
        }
        return importChangeHistory(bytes);
    }

    /**
     * Decodes and verifies a change history that must name {@code expected}.
     *
     * @param expected the identifier the history must have
     * @param changeHistory the CBOR bytes
     * @return the identity
     * @throws IdentityException if it does not verify or names another identity
     */
    public static Identity importChangeHistory(Identifier expected, byte[] changeHistory) {
        Identity i = importChangeHistory(changeHistory);
        if (!i.identifier().equals(expected)) {
            throw new IdentityException("the change history is of " + i.identifier() + ", not " + expected);
        }
        return i;
    }

    static Identity of(ChangeHistory history) {
        return new Identity(history);
    }

    ChangeHistory history() {
        return history;
    }

    /**
     * The identifier: the hash of the first change.
     *
     * @return the identifier: the hash of the first change
     */
    public Identifier identifier() {
        return history.identifier();
    }

    /**
     * The change history's CBOR bytes, exactly as imported or created.
     *
     * @return the change history's CBOR bytes, exactly as imported or created
     */
    public byte[] changeHistory() {
        return history.encoded();
    }

    /**
     * {@link #changeHistory()} in lowercase hex.
     *
     * @return {@link #changeHistory()} in lowercase hex
     */
    public String exportHex() {
        return HexFormat.of().formatHex(history.encoded());
    }

    /**
     * How many changes (keys) the identity has had.
     *
     * @return how many changes (keys) the identity has had
     */
    public int changeCount() {
        return history.size();
    }

    /**
     * The hash of the latest change, which attestations made by this identity name.
     *
     * @return the hash of the latest change, which attestations made by this identity name
     */
    public byte[] latestChangeHash() {
        return history.latestHash();
    }

    /**
     * "Ed25519" or "P-256": the type of the current primary key.
     *
     * @return "Ed25519" or "P-256": the type of the current primary key
     */
    public String keyType() {
        return history.latest().primaryPublicKey().type() == KeyType.ED25519 ? "Ed25519" : "P-256";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity i && java.util.Arrays.equals(i.history.encoded(), history.encoded());
    }

    @Override
    public int hashCode() {
        return identifier().hashCode();
    }

    /** Ockam's display form: the identifier, then the change history in hex. */
    @Override
    public String toString() {
        return "Identifier:     " + identifier() + "\nChange history: " + exportHex() + "\n";
    }
}
