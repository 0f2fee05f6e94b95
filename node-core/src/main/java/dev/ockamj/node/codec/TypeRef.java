package dev.ockamj.node.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type for {@link Bare#codec(TypeRef)}:
 * {@code new TypeRef<List<Map<String, Point>>>() {}}.
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {

    private final Type type;

    /**
     * Captures the type argument of the anonymous subclass being created.
     *
     * @throws IllegalStateException if the subclass gives no type argument (a raw {@code TypeRef})
     */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType p)) {
            throw new IllegalStateException("TypeRef must be subclassed with a type argument");
        }
        this.type = p.getActualTypeArguments()[0];
    }

    /**
     * The captured type.
     *
     * @return the type argument, e.g. {@code List<Map<String, Point>>}
     */
    public final Type type() {
        return type;
    }

    @Override
    public String toString() {
        return "TypeRef<" + type.getTypeName() + ">";
    }
}
