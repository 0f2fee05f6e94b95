package dev.ockamj.identity.internal.channel;

/** A channel message that is refused: it does not decrypt, repeats or is out of the window, or does not decode. */
public final class ChannelException extends RuntimeException {
    /** Why a message is refused (the {@code reason} of {@code ockamj.secure_channel.messages.rejected}). */
    public enum Reason {
        /** Too short to be a channel message, or its plaintext is not a channel message. */
        MALFORMED,
        /** Its nonce was accepted before, is outside the window, or has no key (too old, too far ahead, u64::MAX). */
        REPLAYED,
        /** AES-GCM refuses it: tampered with, forged, or sealed with another key. */
        DECRYPT_FAILED
    }

    private final Reason reason;

    public ChannelException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
