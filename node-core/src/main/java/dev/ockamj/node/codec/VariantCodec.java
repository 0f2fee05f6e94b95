package dev.ockamj.node.codec;

/**
 * A record permitted by a sealed interface, on its own: it is encoded as that interface's enum, so its bytes
 * are the same whether the receiver expects the record or the interface (a Rust newtype or struct variant).
 * Decoding accepts only this record's variant index.
 */
final class VariantCodec extends BareCodec<Object> {

    private final Class<?> record;
    private final SealedCodec parent;

    VariantCodec(Class<?> record, SealedCodec parent) {
        super(record.getTypeName());
        this.record = record;
        this.parent = parent;
    }

    @Override
    void write(BareWriter out, Object value) {
        parent.write(out, value);
    }

    @Override
    Object read(BareReader in) {
        int start = in.position();
        Object value = parent.read(in);
        if (!record.isInstance(value)) {
            throw in.failAt(name, start, "variant " + parent.indexOf(value.getClass()) + " of " + parent.name
                    + " is a " + value.getClass().getTypeName() + ", not a " + name);
        }
        return value;
    }

    @Override
    int minSize() {
        return 1;
    }
}
