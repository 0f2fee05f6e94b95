package dev.ockamj.node.codec;

import java.lang.reflect.Array;

/** Java arrays (other than byte[]) as a BARE list: uvarint(count) ‖ elements. */
final class ArrayCodec extends BareCodec<Object> {

    private final Class<?> componentClass;
    private final BareCodec<Object> element;

    ArrayCodec(String name, Class<?> componentClass, BareCodec<Object> element) {
        super(name);
        this.componentClass = componentClass;
        this.element = element;
    }

    @Override
    void write(BareWriter out, Object array) {
        int n = Array.getLength(array);
        out.uvarint(n);
        for (int i = 0; i < n; i++) {
            Object e = Array.get(array, i);
            if (e == null) {
                throw out.fail(name, "null element at index " + i);
            }
            element.write(out, e);
        }
    }

    @Override
    Object read(BareReader in) {
        int n = in.count(name, element.minSize());
        Object array = Array.newInstance(componentClass, n);
        for (int i = 0; i < n; i++) {
            Array.set(array, i, element.read(in));
        }
        return array;
    }

    @Override
    int minSize() {
        return 1;
    }
}
