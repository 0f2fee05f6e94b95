package dev.ockamj.node.codec;

import dev.ockamj.node.codec.NeutralMessage;
import java.nio.charset.StandardCharsets;

/** Codecs of the leaf types. All are stateless singletons. */
final class Scalars {

    private Scalars() {
    }

    /** BARE bool: one byte 0 or 1. serde_bare 0.5 reads any non-zero byte as true; we reject it (BARE spec). */
    static final BareCodec<Boolean> BOOL = new Fixed<>("boolean", 1) {
        @Override
        void write(BareWriter out, Boolean v) {
            out.u8(v ? 1 : 0);
        }

        @Override
        Boolean read(BareReader in) {
            int b = in.u8(name);
            if (b > 1) {
                throw in.failAt(name, in.position() - 1, "bool byte must be 0 or 1, got " + b);
            }
            return b == 1;
        }
    };

    static final BareCodec<Byte> I8 = new Fixed<>("byte", 1) {
        @Override
        void write(BareWriter out, Byte v) {
            out.u8(v);
        }

        @Override
        Byte read(BareReader in) {
            return (byte) in.u8(name);
        }
    };

    static final BareCodec<Short> I16 = new Fixed<>("short", 2) {
        @Override
        void write(BareWriter out, Short v) {
            out.i16(v);
        }

        @Override
        Short read(BareReader in) {
            return in.i16(name);
        }
    };

    static final BareCodec<Integer> I32 = new Fixed<>("int", 4) {
        @Override
        void write(BareWriter out, Integer v) {
            out.i32(v);
        }

        @Override
        Integer read(BareReader in) {
            return in.i32(name);
        }
    };

    static final BareCodec<Long> I64 = new Fixed<>("long", 8) {
        @Override
        void write(BareWriter out, Long v) {
            out.i64(v);
        }

        @Override
        Long read(BareReader in) {
            return in.i64(name);
        }
    };

    static final BareCodec<Float> F32 = new Fixed<>("float", 4) {
        @Override
        void write(BareWriter out, Float v) {
            out.i32(Float.floatToRawIntBits(v));
        }

        @Override
        Float read(BareReader in) {
            return Float.intBitsToFloat(in.i32(name));
        }
    };

    static final BareCodec<Double> F64 = new Fixed<>("double", 8) {
        @Override
        void write(BareWriter out, Double v) {
            out.i64(Double.doubleToRawLongBits(v));
        }

        @Override
        Double read(BareReader in) {
            return Double.longBitsToDouble(in.i64(name));
        }
    };

    /**
     * serde_bare serializes a Rust char as its code point in a u32 LE and rejects non-scalar values on decode.
     * A Java char is a UTF-16 unit, so code points above U+FFFF and lone surrogates are errors both ways.
     */
    static final BareCodec<Character> CHAR = new Fixed<>("char", 4) {
        @Override
        void write(BareWriter out, Character v) {
            if (Character.isSurrogate(v)) {
                throw out.fail(name, String.format("lone surrogate U+%04X is not a Unicode scalar value", (int) v));
            }
            out.i32(v);
        }

        @Override
        Character read(BareReader in) {
            int cp = in.i32(name);
            if (cp < 0 || cp > 0xFFFF || Character.isSurrogate((char) cp)) {
                throw in.failAt(name, in.position() - 4, String.format(
                        "U+%04X is not a Unicode scalar value that fits in a Java char", cp));
            }
            return (char) cp;
        }
    };

    /** BARE string: uvarint(UTF-8 length) ‖ UTF-8. Lone surrogates encode as '?' (String.getBytes). */
    static final BareCodec<String> STRING = new BareCodec<>("String") {
        @Override
        void write(BareWriter out, String v) {
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            out.uvarint(utf8.length);
            out.bytes(utf8);
        }

        @Override
        String read(BareReader in) {
            return in.utf8(name, in.length(name));
        }

        @Override
        int minSize() {
            return 1;
        }

        @Override
        public byte[] encode(String v) {
            return v == null ? super.encode(null) : prefixed(v.getBytes(StandardCharsets.UTF_8));
        }
    };

    /** Vec&lt;u8&gt; (BARE data): uvarint(length) ‖ bytes. */
    static final BareCodec<byte[]> BYTES = new BareCodec<>("byte[]") {
        @Override
        void write(BareWriter out, byte[] v) {
            out.uvarint(v.length);
            out.bytes(v);
        }

        @Override
        byte[] read(BareReader in) {
            return in.bytes(in.length(name));
        }

        @Override
        int minSize() {
            return 1;
        }

        @Override
        public byte[] encode(byte[] v) {
            return v == null ? super.encode(null) : prefixed(v);
        }
    };

    /** Raw bytes with no prefix: encode is the identity, decode takes everything that is left. */
    static final BareCodec<NeutralMessage> NEUTRAL = new BareCodec<>(NeutralMessage.class.getName()) {
        @Override
        void write(BareWriter out, NeutralMessage v) {
            out.bytes(v.unsafeBytes());
        }

        @Override
        NeutralMessage read(BareReader in) {
            return NeutralMessage.wrap(in.rest());
        }

        @Override
        int minSize() {
            return 0;
        }

        @Override
        public byte[] encode(NeutralMessage v) {
            return v == null ? super.encode(null) : v.bytes();
        }

        @Override
        public NeutralMessage decode(byte[] bytes) {
            return bytes == null ? super.decode(null) : NeutralMessage.of(bytes); // copies: the caller keeps its array
        }
    };

    /** The hot path for String and byte[]: one exact-size array, no intermediate buffer. */
    private static byte[] prefixed(byte[] body) {
        byte[] out = new byte[BareWriter.uvarintSize(body.length) + body.length];
        int pos = BareWriter.putUvarint(out, 0, body.length);
        System.arraycopy(body, 0, out, pos, body.length);
        return out;
    }

    private abstract static class Fixed<T> extends BareCodec<T> {
        private final int size;

        Fixed(String name, int size) {
            super(name);
            this.size = size;
        }

        @Override
        int minSize() {
            return size;
        }
    }
}
