package dev.ockamj.node.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * A Java record as a Rust struct: the components in declaration order, no names, no count. A record with no
 * components is a unit struct (0 bytes). Built in two steps ({@link #init}) so recursive records can refer
 * to themselves.
 */
final class RecordCodec extends BareCodec<Object> {

    private final String[] componentNames;
    private final MethodHandle[] accessors; // (Object)Object
    private final MethodHandle constructor; // (Object[])Object, the canonical constructor spread
    private List<BareCodec<Object>> components;
    private int minSize = -1;
    private boolean sizing;

    /** @throws ReflectiveOperationException or a RuntimeException if the record cannot be made accessible */
    RecordCodec(Class<?> recordClass) throws ReflectiveOperationException {
        super(recordClass.getTypeName());
        RecordComponent[] rc = recordClass.getRecordComponents();
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        componentNames = new String[rc.length];
        accessors = new MethodHandle[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            componentNames[i] = rc[i].getName();
            types[i] = rc[i].getType();
            Method accessor = rc[i].getAccessor();
            accessor.setAccessible(true); // non-public and nested records
            accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
        }
        Constructor<?> canonical = recordClass.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        constructor = lookup.unreflectConstructor(canonical)
                .asSpreader(Object[].class, rc.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
    }

    void init(List<BareCodec<Object>> componentCodecs) {
        components = List.copyOf(componentCodecs);
    }

    @Override
    void write(BareWriter out, Object value) {
        out.enter(name);
        for (int i = 0; i < accessors.length; i++) {
            Object v;
            try {
                v = (Object) accessors[i].invokeExact(value);
            } catch (ClassCastException e) {
                throw out.fail(name, "value of " + value.getClass().getTypeName() + " is not this record");
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                throw out.fail(name, "accessor " + componentNames[i] + "() threw " + t);
            }
            if (v == null) {
                throw out.fail(name, "component " + componentNames[i] + " is null");
            }
            components.get(i).write(out, v);
        }
        out.exit();
    }

    @Override
    Object read(BareReader in) {
        int start = in.position();
        in.enter(name);
        Object[] args = new Object[accessors.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = components.get(i).read(in);
        }
        in.exit();
        try {
            return (Object) constructor.invokeExact(args);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw in.failAt(name, start, "the canonical constructor rejected the decoded values: " + t);
        }
    }

    /** Sum of the components' lower bounds; a recursive reference counts as 0, which keeps it a lower bound. */
    @Override
    int minSize() {
        if (minSize >= 0) {
            return minSize;
        }
        if (sizing) {
            return 0;
        }
        sizing = true;
        long sum = 0;
        for (BareCodec<Object> c : components) {
            sum += c.minSize();
        }
        sizing = false;
        minSize = (int) Math.min(sum, Integer.MAX_VALUE);
        return minSize;
    }
}
