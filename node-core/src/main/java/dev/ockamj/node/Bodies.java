package dev.ockamj.node;

import dev.ockamj.node.codec.NeutralMessage;

import dev.ockamj.node.codec.Bare;
import dev.ockamj.node.codec.CodecException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Turns a body into the type a receiver wants. A local object of the right class passes untouched; bytes (a
 * {@link NeutralMessage}, as every body from another node arrives) are decoded with the BARE codec, which
 * rejects bytes of another shape and bytes left over. A local object of another class is refused rather than
 * re-encoded into something it is not, with one exception Ockam's wire also makes: String and byte[] share
 * their BARE bytes (Rust's String and Vec&lt;u8&gt;), so either arrives as the other.
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

    /** @throws OckamException DECODE when the body cannot become a {@code type}, naming both types */
    static Object convert(Object body, Type type) {
        Class<?> raw = rawClass(type);
        if (raw.isInstance(body)) {
            return body;
        }
        if (raw == NeutralMessage.class) {
            return NeutralMessage.wrap(toBytes(body));
        }
        if (!(body instanceof NeutralMessage) && !stringOrBytes(body, raw)) {
            throw new OckamException(OckamException.Kind.DECODE, "a " + typeName(body) + " is not a "
                    + type.getTypeName());
        }
        try {
            return Bare.decode(toBytes(body), type);
        } catch (CodecException e) {
            throw decodeError(e);
        }
    }

    private static boolean stringOrBytes(Object body, Class<?> raw) {
        return (body instanceof String && raw == byte[].class) || (body instanceof byte[] && raw == String.class);
    }

    private static String typeName(Object body) {
        return body == null ? "null" : body.getClass().getTypeName();
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
