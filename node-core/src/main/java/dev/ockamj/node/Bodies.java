package dev.ockamj.node;

import dev.ockamj.node.codec.NeutralMessage;

import dev.ockamj.node.codec.Bare;
import dev.ockamj.node.codec.CodecException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Turns a body into the type a receiver wants. Local objects of the right class pass untouched; anything
 * else goes through bytes (a {@link NeutralMessage} is already bytes) and the BARE codec, which is what
 * Ockam does for every message — so a String sent to a {@code Worker<byte[]>} arrives as its UTF-8 bytes.
 */
final class Bodies {
    private Bodies() {
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** @throws OckamException DECODE when the body cannot become a {@code type} */
    static Object convert(Object body, Type type) {
        Class<?> raw = rawClass(type);
        if (raw.isInstance(body)) {
            return body;
        }
        byte[] bytes = toBytes(body);
        if (raw == NeutralMessage.class) {
            return NeutralMessage.wrap(bytes);
        }
        try {
            return Bare.decode(bytes, type);
        } catch (CodecException e) {
            throw decodeError(e);
        }
    }

    /**
     * The bytes a body is when it leaves the JVM.
     *
     * @throws OckamException DECODE when the body's type cannot be encoded
     */
    static byte[] toBytes(Object body) {
        try {
            return NeutralMessage.encode(body);
        } catch (CodecException e) {
            throw decodeError(e);
        }
    }

    private static OckamException decodeError(CodecException e) {
        return new OckamException(OckamException.Kind.DECODE, e.getMessage(), e);
    }
}
