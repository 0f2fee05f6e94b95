package dev.ockamj.node.codec;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes a value by its runtime class, for {@link Bare#encode(Object)}. Collections, maps, optionals and
 * Object[] carry no element type at runtime, so each element is encoded by its own runtime class; everything
 * else goes through the typed codec of its class.
 */
final class DynamicEncoder {

    private DynamicEncoder() {
    }

    static byte[] encode(Object value) {
        String name = value == null ? "null" : value.getClass().getTypeName();
        BareWriter out = new BareWriter(name);
        try {
            write(out, value);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw out.fail(name, "unexpected " + e);
        }
        return out.toByteArray();
    }

    static boolean isUntyped(Object value) {
        return value instanceof Collection || value instanceof Map || value instanceof Optional
                || (value instanceof Object[] && value.getClass().getComponentType() == Object.class);
    }

    private static void write(BareWriter out, Object value) {
        if (value == null) {
            throw out.fail("null", "cannot encode null");
        }
        if (!isUntyped(value)) {
            Resolver.codec(value.getClass()).write(out, value);
            return;
        }
        String name = value.getClass().getTypeName();
        out.enter(name);
        if (value instanceof Collection<?> c) {
            out.uvarint(c.size());
            c.forEach(e -> write(out, e));
        } else if (value instanceof Map<?, ?> m) {
            out.uvarint(m.size());
            m.forEach((k, v) -> {
                write(out, k);
                write(out, v);
            });
        } else if (value instanceof Optional<?> o) {
            out.u8(o.isPresent() ? 1 : 0);
            o.ifPresent(e -> write(out, e));
        } else {
            Object[] array = (Object[]) value;
            out.uvarint(array.length);
            for (Object e : array) {
                write(out, e);
            }
        }
        out.exit();
    }
}
