package dev.ockamj.identity;

/**
 * An identity, attestation or credential that does not decode or does not verify. The message says which check
 * failed; nothing that fails is ever trusted.
 */
public final class IdentityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An identity check that failed.
     *
     * @param message which check failed
     */
    public IdentityException(String message) {
        super(message);
    }

    /**
     * @param message which check failed
     * @param cause what failed underneath
     */
    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
