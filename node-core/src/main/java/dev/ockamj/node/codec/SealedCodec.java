package dev.ockamj.node.codec;

import java.util.List;

/**
 * A sealed interface whose permitted subclasses are records, as a Rust enum with fields:
 * uvarint(index in {@code getPermittedSubclasses()} order) ‖ the record's fields. Use an explicit
 * {@code permits} clause to pin the order.
 */
final class SealedCodec extends BareCodec<Object> {

    private final Class<?>[] variants;
    private RecordCodec[] codecs;

    SealedCodec(Class<?> sealed) {
        super(sealed.getTypeName());
        this.variants = sealed.getPermittedSubclasses();
    }

    Class<?>[] variants() {
        return variants.clone();
    }

    void init(List<RecordCodec> variantCodecs) {
        codecs = variantCodecs.toArray(new RecordCodec[0]);
    }

    @Override
    void write(BareWriter out, Object value) {
        Class<?> c = value.getClass();
        for (int i = 0; i < variants.length; i++) {
            if (variants[i] == c) {
                out.uvarint(i);
                codecs[i].write(out, value);
                return;
            }
        }
        throw out.fail(name, c.getTypeName() + " is not a permitted subclass");
    }

    @Override
    Object read(BareReader in) {
        int start = in.position();
        long index = in.uvarint(name);
        if (index < 0 || index >= codecs.length) {
            throw in.failAt(name, start, "variant index " + Long.toUnsignedString(index) + " out of range (there are "
                    + codecs.length + " variants)");
        }
        return codecs[(int) index].read(in);
    }

    /** The index of {@code variant} in this enum, or -1. */
    int indexOf(Class<?> variant) {
        for (int i = 0; i < variants.length; i++) {
            if (variants[i] == variant) {
                return i;
            }
        }
        return -1;
    }

    @Override
    int minSize() {
        return 1;
    }
}
