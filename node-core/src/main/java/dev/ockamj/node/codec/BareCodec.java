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
     * Trailing bytes are ignored. Ockam decodes every message with serde_bare::from_slice
     * (ockam_core/src/message.rs, `impl<T: DeserializeOwned> Decodable for T`), and serde_bare 0.5's
     * from_slice (src/de.rs) is just `T::deserialize(&mut Deserializer { reader: SliceRead::new(slice) })`
     * with no check that the slice was consumed. Read in rivet-dev/serde_bare @10b8c98, whose de.rs has the
     * 0.5.0 API (Read/SliceRead/IoRead, error::Category).
     */
    @Override
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new CodecException("Cannot decode " + name + " as BARE: input is null");
        }
        BareReader in = new BareReader(bytes, name);
        try {
            return read(in);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw in.fail(name, "unexpected " + e);
        }
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
