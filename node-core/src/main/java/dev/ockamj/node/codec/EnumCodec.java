package dev.ockamj.node.codec;

/** A Java enum as a Rust fieldless enum: uvarint(ordinal). */
final class EnumCodec extends BareCodec<Enum<?>> {

    private final Enum<?>[] constants;

    EnumCodec(Class<?> enumClass) {
        super(enumClass.getTypeName());
        this.constants = (Enum<?>[]) enumClass.getEnumConstants();
    }

    @Override
    void write(BareWriter out, Enum<?> value) {
        out.uvarint(value.ordinal());
    }

    @Override
    Enum<?> read(BareReader in) {
        int start = in.position();
        long index = in.uvarint(name);
        if (index < 0 || index >= constants.length) {
            throw in.failAt(name, start, "variant index " + Long.toUnsignedString(index) + " out of range (the enum has "
                    + constants.length + " constants)");
        }
        return constants[(int) index];
    }

    @Override
    int minSize() {
        return 1;
    }
}
