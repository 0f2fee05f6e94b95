package dev.ockamj.identity.internal.noise;

/** A handshake message that is malformed, too long, out of turn, or does not decrypt; the handshake is over. */
public final class HandshakeException extends RuntimeException {
    public HandshakeException(String message) {
        super(message);
    }

    public HandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
