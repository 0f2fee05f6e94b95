package dev.ockamj.identity.internal.vault;

/** A key that does not fit, a signature or tag that does not verify, or a provider that is missing. */
public final class VaultException extends RuntimeException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
