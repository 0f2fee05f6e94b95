package dev.ockamj.identity.internal.cbor;

/** CBOR that does not have the expected shape. */
public final class CborException extends RuntimeException {
    public CborException(String message) {
        super(message);
    }
}
