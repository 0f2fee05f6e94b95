package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one transport message body (docs/wire.md §4 "What a decoder accepts") with minicbor's strictness, straight
 * from the bytes where they lie (a frame in the connection's read buffer, or a body array): nothing is copied but
 * the payload, the address values and the tracing context the message keeps. Hand-written rather than on
 * Jackson's parser: the shape is fixed, and the parser, with the checks it needed on top, took most of the I/O
 * thread's time (JFR, issue 15).
 *
 * <p>One instance reads one body; not thread-safe.
 */
final class CborBody {
    private static final int UNSIGNED = 0;
    private static final int NEGATIVE = 1;
    private static final int BYTES = 2;
    private static final int TEXT = 3;
    private static final int ARRAY = 4;
    private static final int MAP = 5;
    private static final int TAG = 6;
    private static final int INDEFINITE = 31;
    private static final int BREAK = 0xff;
    private static final int NULL = 0xf6;
    /** As deep as a skipped element may nest (the message itself needs 3): hostile input cannot exhaust the stack. */
    private static final int MAX_DEPTH = 1000;

    private final byte[] in;
    private final int end;
    private int p;

    private CborBody(byte[] in, int start, int end) {
        this.in = in;
        this.p = start;
        this.end = end;
    }

    /**
     * Decodes the body in {@code in} from index {@code start} (inclusive) to {@code end} (exclusive), not moving
     * the buffer's position. Bytes after the first item are ignored, as minicbor ignores them.
     *
     * @throws WireException of kind DECODE when Rust would fail to decode it
     */
    static TransportMessage decode(ByteBuffer in, int start, int end) {
        if (in.hasArray()) { // the connections' read buffer, and body arrays
            int offset = in.arrayOffset();
            return new CborBody(in.array(), offset + start, offset + end).message();
        }
        byte[] copy = new byte[end - start];
        in.get(start, copy);
        return new CborBody(copy, 0, copy.length).message();
    }

    private TransportMessage message() {
        if (p == end) {
            throw WireException.decode("the body is empty, expected a transport message");
        }
        long elements = arrayHead("transport message");
        requireElement(elements, 0, "onward route");
        Route onward = route("onward route");
        requireElement(elements, 1, "return route");
        Route back = route("return route");
        requireElement(elements, 2, "payload");
        byte[] payload = bytes("payload");
        String tracingContext = null;
        if (hasElement(elements, 3)) {
            if (peek() == NULL) {
                p++;
            } else {
                tracingContext = text("tracing context");
            }
            skipRest(elements, 4, 1);
        }
        return new TransportMessage(onward, back, payload, tracingContext);
    }

    private Route route(String what) {
        long hops = arrayHead(what);
        if (hops == 0) {
            return Route.empty();
        }
        if (hops > 0) {
            Address[] array = new Address[(int) hops]; // arrayHead checked: at most the bytes that remain
            for (int i = 0; i < array.length; i++) {
                array[i] = address();
            }
            return Route.of(array);
        }
        List<Address> list = new ArrayList<>();
        while (hasElement(-1, 0)) {
            list.add(address());
        }
        return Route.of(list);
    }

    private Address address() {
        long elements = arrayHead("address");
        if (!hasElement(elements, 0)) {
            throw WireException.decode("an address has no transport type");
        }
        int type = uint8("address transport type");
        if (!hasElement(elements, 1)) {
            throw WireException.decode("an address has no value");
        }
        byte[] value = bytes("address value");
        skipRest(elements, 2, 3); // Address is a minicbor-derive array struct too: extra elements are skipped
        return Address.wrap(type, value); // a fresh array: no need to copy it again
    }

    // ---- items ----

    /** An array head: its element count, or -1 for an indefinite array. */
    private long arrayHead(String what) {
        int initial = peek();
        if (initial >>> 5 != ARRAY) {
            throw unexpected(what, "an array", initial);
        }
        if ((initial & 0x1f) == INDEFINITE) {
            p++;
            return -1;
        }
        long count = argument(what);
        if (count < 0 || count > end - p) { // each element takes a byte at least; negative: above 2^63
            throw WireException.decode(what + ": the array claims " + Long.toUnsignedString(count)
                    + " elements but only " + (end - p) + " bytes remain in the body");
        }
        return count;
    }

    /**
     * Whether element {@code index} of an array with {@code count} elements (-1: indefinite) is there; for an
     * indefinite array, consumes the break that ends it.
     */
    private boolean hasElement(long count, long index) {
        if (count >= 0) {
            return index < count;
        }
        if (peek() == BREAK) {
            p++;
            return false;
        }
        return true;
    }

    private void requireElement(long count, long index, String what) {
        if (!hasElement(count, index)) {
            throw WireException.decode("the transport message has no " + what);
        }
    }

    /** Skips the elements from {@code index} on, whatever they are (minicbor-derive skips indices it does not know). */
    private void skipRest(long count, long index, int depth) {
        for (long i = index; hasElement(count, i); i++) {
            skip(depth + 1);
        }
    }

    /** An unsigned integer of any width whose value is at most 255 (minicbor {@code u8()}). */
    private int uint8(String what) {
        int initial = peek();
        if (initial >>> 5 != UNSIGNED) {
            throw unexpected(what, "an unsigned integer", initial);
        }
        long value = argument(what);
        if (value < 0 || value > 255) {
            throw WireException.decode(what + " is larger than 255");
        }
        return (int) value;
    }

    /** A definite-length byte string (minicbor {@code bytes()}), copied out. */
    private byte[] bytes(String what) {
        int length = stringHead(what, BYTES, "a byte string");
        byte[] out = Arrays.copyOfRange(in, p, p + length);
        p += length;
        return out;
    }

    /** A definite-length text string holding valid UTF-8 (minicbor {@code str()}). */
    private String text(String what) {
        int length = stringHead(what, TEXT, "a text string");
        String text = StrictUtf8.decode(in, p, length, what);
        p += length;
        return text;
    }

    /** The head of a definite-length string of {@code majorType}: its length, which must fit in the body. */
    private int stringHead(String what, int majorType, String expected) {
        int initial = peek();
        if (initial >>> 5 != majorType) {
            throw unexpected(what, expected, initial);
        }
        if ((initial & 0x1f) == INDEFINITE) {
            throw WireException.decode(what + ": expected a definite-length string, found an indefinite-length one");
        }
        long length = argument(what);
        if (length < 0 || length > end - p) { // negative: an 8-byte length above 2^63
            throw WireException.decode(what + ": the string claims " + Long.toUnsignedString(length)
                    + " bytes but only " + (end - p) + " remain in the body");
        }
        return (int) length;
    }

    /**
     * Consumes a head and returns its argument (unsigned; above 2^63 it is negative). Additional information
     * 28..31 is refused here: callers deal with indefinite lengths (31) before.
     */
    private long argument(String what) {
        int info = peek() & 0x1f;
        p++;
        if (info < 24) {
            return info;
        }
        if (info > 27) {
            throw WireException.decode(what + ": reserved additional information " + info);
        }
        int n = 1 << (info - 24);
        if (n > end - p) {
            throw WireException.decode(what + ": the body ends inside a head");
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            value = (value << 8) | (in[p++] & 0xff);
        }
        return value;
    }

    /** The next byte, not consumed. */
    private int peek() {
        if (p >= end) {
            throw WireException.decode("the body ends inside an item");
        }
        return in[p] & 0xff;
    }

    /** Skips one well-formed item of any type (an element minicbor skips), checking only that it is well-formed. */
    private void skip(int depth) {
        if (depth > MAX_DEPTH) {
            throw WireException.decode("a skipped element nests deeper than " + MAX_DEPTH + " levels");
        }
        int initial = peek();
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (info == INDEFINITE) {
            p++;
            switch (major) {
                case BYTES, TEXT -> {
                    // chunks of definite strings of the same major type, until the break
                    while (peek() != BREAK) {
                        int chunk = peek();
                        if (chunk >>> 5 != major || (chunk & 0x1f) == INDEFINITE) {
                            throw WireException.decode("a skipped element: an indefinite-length string holds"
                                    + String.format(" initial byte 0x%02x", chunk));
                        }
                        skipString();
                    }
                    p++;
                }
                case ARRAY -> {
                    while (peek() != BREAK) {
                        skip(depth + 1);
                    }
                    p++;
                }
                case MAP -> {
                    while (peek() != BREAK) {
                        skip(depth + 1);
                        skip(depth + 1);
                    }
                    p++;
                }
                default -> throw WireException.decode("a skipped element: "
                        + (initial == BREAK ? "a break outside an indefinite-length item"
                        : String.format("initial byte 0x%02x is not well-formed", initial)));
            }
            return;
        }
        switch (major) {
            case UNSIGNED, NEGATIVE -> argument("a skipped element");
            case BYTES, TEXT -> skipString();
            case ARRAY -> {
                long n = argument("a skipped element");
                for (long i = 0; Long.compareUnsigned(i, n) < 0; i++) {
                    skip(depth + 1);
                }
            }
            case MAP -> {
                long n = argument("a skipped element");
                for (long i = 0; Long.compareUnsigned(i, n) < 0; i++) {
                    skip(depth + 1);
                    skip(depth + 1);
                }
            }
            case TAG -> {
                argument("a skipped element");
                skip(depth + 1);
            }
            default -> { // major type 7: simple values, false/true/null/undefined, floats; 28..30 are reserved
                long value = argument("a skipped element");
                if (info == 24 && value < 32) { // RFC 8949 §3.3: not well-formed
                    throw WireException.decode("a skipped element: simple value " + value + " in two bytes");
                }
            }
        }
    }

    private void skipString() {
        long length = argument("a skipped element");
        if (length < 0 || length > end - p) {
            throw WireException.decode("a skipped element: the string claims " + Long.toUnsignedString(length)
                    + " bytes but only " + (end - p) + " remain in the body");
        }
        p += (int) length;
    }

    private WireException unexpected(String what, String expected, int initial) {
        return WireException.decode(what + ": expected " + expected + ", found "
                + (initial == BREAK ? "the end of the array"
                : String.format("CBOR major type %d (initial byte 0x%02x)", initial >>> 5, initial)));
    }
}
