package dev.ockamj.node.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/** BARE map: uvarint(count) ‖ (key ‖ value)... Decodes to a LinkedHashMap, keeping the wire order. */
final class MapCodec extends BareCodec<Map<?, ?>> {

    private final BareCodec<Object> key;
    private final BareCodec<Object> value;

    MapCodec(String name, BareCodec<Object> key, BareCodec<Object> value) {
        super(name);
        this.key = key;
        this.value = value;
    }

    @Override
    void write(BareWriter out, Map<?, ?> map) {
        out.uvarint(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw out.fail(name, "null key or value");
            }
            key.write(out, e.getKey());
            value.write(out, e.getValue());
        }
    }

    @Override
    Map<?, ?> read(BareReader in) {
        int entrySize = (int) Math.min(Integer.MAX_VALUE, (long) key.minSize() + value.minSize());
        int n = in.count(name, entrySize);
        Map<Object, Object> result = new LinkedHashMap<>(Math.min(n, CollectionCodec.MAX_PREALLOC));
        for (int i = 0; i < n; i++) {
            Object k = key.read(in);
            result.put(k, value.read(in)); // a repeated key: the last value wins, as serde's HashMap visitor
        }
        return result;
    }

    @Override
    int minSize() {
        return 1;
    }
}
