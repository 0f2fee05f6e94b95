package dev.ockamj.node.spi;

import dev.ockamj.node.OckamException;
import dev.ockamj.node.codec.CodecException;
import dev.ockamj.node.codec.NeutralMessage;

/** The bytes a message body is when it leaves the JVM, for transports. Safe from any thread. */
public final class Payloads {
    private Payloads() {
    }

    /**
     * A {@link NeutralMessage}'s own bytes (not copied), anything else encoded with BARE.
     *
     * @param body a message body
     * @return the payload bytes; the caller must not modify them
     * @throws OckamException DECODE if the body's type cannot be encoded
     */
    public static byte[] encode(Object body) {
        try {
            return NeutralMessage.encode(body);
        } catch (CodecException e) {
            throw new OckamException(OckamException.Kind.DECODE, e.getMessage(), e);
        }
    }
}
