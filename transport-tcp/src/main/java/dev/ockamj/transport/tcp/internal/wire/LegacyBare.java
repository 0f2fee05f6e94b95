package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * LEGACY ONLY: the BARE body of pre-June-2024 Rust and Elixir nodes (docs/wire.md §9). Current Rust nodes do not
 * speak it.
 *
 * <p>Body: {@code version u8 ‖ onward ‖ return ‖ uvarint len ‖ payload [‖ optional<string> tracing]}, where a
 * route is {@code uvarint count} and each address is {@code type u8 ‖ uvarint len ‖ value}.
 */
public final class LegacyBare {

    /** A u16 length prefix bounds the body. */
    public static final int MAX_BODY_LEN = 0xffff;

    private LegacyBare() {
    }

    /**
     * Version 1 with no trailer, which every legacy Rust and Elixir decoder accepts. Version 1 has no tracing
     * context, so the message's tracing context is not sent.
     */
    public static byte[] encodeBody(TransportMessage message) {
        int length = WireException.checkLength("the legacy message body", bodyLength(message), Integer.MAX_VALUE - 8);
        return encode(message, 0, length);
    }

    /**
     * Versions 1 and 2. Version 1 ignores everything after the payload (2024 Rust nodes append a tracing
     * context even to version 1); version 2 reads an optional tracing context after it.
     *
     * @throws WireException of kind DECODE for an unknown version or a malformed body
     */
    public static TransportMessage decodeBody(byte[] body) {
        Reader in = new Reader(body);
        int version = in.u8("version");
        if (version != 1 && version != 2) {
            throw WireException.decode("unsupported legacy message version " + version);
        }
        Route onward = in.route("onward route");
        Route returnRoute = in.route("return route");
        byte[] payload = in.lengthPrefixed("payload");
        String tracingContext = version == 2 && in.remaining() > 0 ? in.optionalString("tracing context") : null;
        return new TransportMessage(onward, returnRoute, payload, tracingContext);
    }

    /** The exact length of {@link #encodeBody}'s result. */
    public static long bodyLength(TransportMessage m) {
        return 1 + routeLength(m.onwardRoute()) + routeLength(m.returnRoute()) + lengthPrefixed(m.payload().length);
    }

    /** Encodes into a new array of {@code room + length} bytes, leaving the first {@code room} bytes zero. */
    static byte[] encode(TransportMessage m, int room, int length) {
        Writer out = new Writer(new byte[room + length], room);
        out.u8(1);
        out.route(m.onwardRoute());
        out.route(m.returnRoute());
        out.lengthPrefixed(m.payload());
        if (out.position != out.bytes.length) {
            throw new IllegalStateException("encoded " + (out.position - room) + " bytes, expected " + length);
        }
        return out.bytes;
    }

    private static long routeLength(Route route) {
        long length = uvarintLength(route.size());
        for (Address a : route.addresses()) {
            length += 1 + lengthPrefixed(a.valueLength());
        }
        return length;
    }

    private static long lengthPrefixed(long contentLength) {
        return uvarintLength(contentLength) + contentLength;
    }

    private static int uvarintLength(long n) {
        int length = 1;
        while ((n >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    private static final class Writer {
        final byte[] bytes;
        int position;

        Writer(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        void u8(int b) {
            bytes[position++] = (byte) b;
        }

        void uvarint(long n) {
            while ((n & ~0x7fL) != 0) {
                u8((int) (n & 0x7f) | 0x80);
                n >>>= 7;
            }
            u8((int) n);
        }

        void lengthPrefixed(byte[] value) {
            uvarint(value.length);
            System.arraycopy(value, 0, bytes, position, value.length);
            position += value.length;
        }

        void route(Route route) {
            uvarint(route.size());
            for (Address a : route.addresses()) {
                u8(a.transportType());
                lengthPrefixed(a.unsafeValue());
            }
        }
    }

    /** Reads a body front to back; every length is checked against the bytes that remain. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - position;
        }

        int u8(String what) {
            if (position >= bytes.length) {
                throw WireException.decode("the legacy body ends before the " + what);
            }
            return bytes[position++] & 0xff;
        }

        /** Unsigned LEB128; non-minimal encodings are accepted, values beyond 64 bits are not. */
        long uvarint(String what) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8(what);
                if (shift == 63 && (b & 0x7e) != 0) {
                    break;
                }
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw WireException.decode("the " + what + " is not a 64-bit uvarint");
        }

        byte[] lengthPrefixed(String what) {
            long length = uvarint(what + " length");
            if (Long.compareUnsigned(length, remaining()) > 0) {
                throw WireException.decode("the " + what + " claims " + Long.toUnsignedString(length)
                        + " bytes but only " + remaining() + " remain");
            }
            byte[] value = new byte[(int) length];
            System.arraycopy(bytes, position, value, 0, value.length);
            position += value.length;
            return value;
        }

        Route route(String what) {
            long count = uvarint(what + " length");
            List<Address> hops = new ArrayList<>();
            // Each address takes at least 2 bytes, so a false count fails on the bytes, not on memory.
            for (long i = 0; Long.compareUnsigned(i, count) < 0; i++) {
                int type = u8(what + " address type");
                hops.add(Address.of(type, lengthPrefixed(what + " address value")));
            }
            return Route.of(hops);
        }

        /** BARE {@code optional<string>}: {@code 00}, or {@code 01 ‖ uvarint len ‖ UTF-8}. */
        String optionalString(String what) {
            int tag = u8(what);
            if (tag == 0) {
                return null;
            }
            if (tag != 1) {
                throw WireException.decode("the " + what + " has an invalid optional tag " + tag);
            }
            byte[] utf8 = lengthPrefixed(what);
            return StrictUtf8.decode(utf8, 0, utf8.length, "the " + what);
        }
    }
}
