package dev.ockamj.node.codec;

/**
 * A value that cannot be encoded as BARE, bytes that are not a valid encoding of the requested type, or a
 * type the codec does not support. The message names the type and, when decoding, the byte offset. Nodes
 * report it as an {@code OckamException} of kind {@code DECODE} with this exception as its cause.
 */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be encoded or decoded, and why
     */
    public CodecException(String message) {
        super(message);
    }
}
