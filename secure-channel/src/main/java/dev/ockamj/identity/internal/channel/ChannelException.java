package dev.ockamj.identity.internal.channel;

/** A channel message that is refused: it does not decrypt, repeats or is out of the window, or does not decode. */
public final class ChannelException extends RuntimeException {
    public ChannelException(String message) {
        super(message);
    }
}
