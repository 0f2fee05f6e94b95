package dev.ockamj.node;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the {@code M} of a {@code Worker<M>} implementation class, once per class. A lambda or a class that
 * leaves {@code M} open gives {@code Object}: the worker then receives bodies as they are.
 */
final class MessageTypes {
    private MessageTypes() {
    }

    private static final ClassValue<Type> WORKER_TYPES = new ClassValue<>() {
        @Override
        protected Type computeValue(Class<?> type) {
            Type t = resolve(type, Worker.class, new HashMap<>());
            return t == null ? Object.class : t;
        }
    };

    static Type of(Worker<?> worker) {
        return WORKER_TYPES.get(worker.getClass());
    }

    /** Walks superclasses and interfaces, binding type variables on the way down. */
    private static Type resolve(Type type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType p) {
            raw = (Class<?>) p.getRawType();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            Map<TypeVariable<?>, Type> inner = new HashMap<>(bindings);
            for (int i = 0; i < vars.length; i++) {
                inner.put(vars[i], args[i] instanceof TypeVariable<?> v ? bindings.getOrDefault(v, Object.class) : args[i]);
            }
            if (raw == target) {
                Type arg = inner.get(vars[0]);
                return arg instanceof TypeVariable<?> ? Object.class : arg;
            }
            bindings = inner;
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw == target) {
                return Object.class;
            }
        } else {
            return null;
        }
        for (Type itf : raw.getGenericInterfaces()) {
            Type found = resolve(itf, target, bindings);
            if (found != null) {
                return found;
            }
        }
        Type sup = raw.getGenericSuperclass();
        return sup == null ? null : resolve(sup, target, bindings);
    }
}
