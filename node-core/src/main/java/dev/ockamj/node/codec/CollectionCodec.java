package dev.ockamj.node.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;

/** List, Set and Collection as a BARE list: uvarint(count) ‖ elements. Decodes to ArrayList or LinkedHashSet. */
final class CollectionCodec extends BareCodec<Collection<?>> {

    /** Initial capacity cap: the count is already bounded by the input, this just avoids large upfront arrays. */
    static final int MAX_PREALLOC = 1024;

    private final BareCodec<Object> element;
    private final boolean set;

    CollectionCodec(String name, BareCodec<Object> element, boolean set) {
        super(name);
        this.element = element;
        this.set = set;
    }

    @Override
    void write(BareWriter out, Collection<?> value) {
        out.uvarint(value.size());
        for (Object e : value) {
            if (e == null) {
                throw out.fail(name, "null element");
            }
            element.write(out, e);
        }
    }

    @Override
    Collection<?> read(BareReader in) {
        int n = in.count(name, element.minSize());
        int capacity = Math.min(n, MAX_PREALLOC);
        Collection<Object> result = set ? new LinkedHashSet<>(capacity) : new ArrayList<>(capacity);
        for (int i = 0; i < n; i++) {
            result.add(element.read(in)); // duplicates in a set: the first wins, as Rust's HashSet::insert
        }
        return result;
    }

    @Override
    int minSize() {
        return 1;
    }
}
