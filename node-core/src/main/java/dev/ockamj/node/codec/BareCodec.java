package dev.ockamj.node.codec;


/**
 * Base of all codecs: {@link #write}/{@link #read} work on a shared buffer so codecs nest; {@link #encode} and
 * {@link #decode} are the one-value entry points and turn any stray runtime exception into a DECODE error.
 */
abstract class BareCodec<T> implements Codec<T> {

    /** Type name used in error messages. */
    final String name;

    BareCodec(String name) {
        this.name = name;
    }

    abstract void write(BareWriter out, T value);

    abstract T read(BareReader in);

    /** A lower bound of the encoded size in bytes; 0 if a value may encode to nothing (unit struct). */
    abstract int minSize();

    @Override
    public byte[] encode(T value) {
        BareWriter out = new BareWriter(name);
        if (value == null) {
            throw out.fail(name, "value is null");
        }
        try {
            write(out, value);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw out.fail(name, "value does not match the type (" + e + ")");
        }
        return out.toByteArray();
    }

    /*
     * Bytes after the value are an error. Ockam decodes with serde_bare::from_slice, which ignores them
     * (serde_bare 0.5 src/de.rs: no check that the slice was consumed), but a payload with leftovers is almost
     * always a body of another type, and decoding it anyway turns data into garbage (docs/wire.md §7).
     */
    @Override
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new CodecException("Cannot decode " + name + " as BARE: input is null");
        }
        BareReader in = new BareReader(bytes, name);
        T value;
        try {
            value = read(in);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw in.fail(name, "unexpected " + e);
        }
        if (in.remaining() > 0) {
            throw in.fail(name, in.remaining() + " byte" + (in.remaining() == 1 ? "" : "s")
                    + " left after the value (of " + bytes.length + "); the bytes are not a " + name);
        }
        return value;
    }

    @Override
    public String toString() {
        return "BareCodec[" + name + "]";
    }

    /** The one unchecked cast between codec element types, kept in one place. */
    @SuppressWarnings("unchecked")
    static <X> BareCodec<X> cast(BareCodec<?> codec) {
        return (BareCodec<X>) codec;
    }
}
