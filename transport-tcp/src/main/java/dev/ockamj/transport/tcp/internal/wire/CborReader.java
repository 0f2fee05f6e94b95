package dev.ockamj.transport.tcp.internal.wire;

import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the items of one CBOR body with minicbor's strictness, on top of Jackson's streaming parser.
 *
 * <p>Jackson accepts more than minicbor: it silently unwraps tags (bignums, string references), joins
 * indefinite-length (chunked) strings and maps simple values to numbers. None of that shows in its tokens,
 * so every item read here is also checked by its <em>initial byte</em>, found at the token's byte offset in
 * the body: its major type must be the expected one, which rules out tags (major type 6), and for strings the
 * additional information must not be 31 (indefinite length).
 */
final class CborReader implements AutoCloseable {

    private static final int UNSIGNED = 0;
    private static final int BYTES = 2;
    private static final int TEXT = 3;
    private static final int ARRAY = 4;
    private static final int INDEFINITE = 31;
    private static final int NULL = 0xf6;

    private final byte[] body;
    private final CBORParser parser;
    private JsonToken token;

    CborReader(CBORFactory factory, byte[] body) throws IOException {
        this.body = body;
        this.parser = factory.createParser(body);
    }

    /** Moves to the first item of the body. */
    void start(String what) throws IOException {
        token = parser.nextToken();
        if (token == null) {
            throw WireException.decode("the body is empty, expected " + what);
        }
    }

    /** Moves to the next element of the current array; false when the array has ended. */
    boolean nextElement() throws IOException {
        token = parser.nextToken();
        if (token == null) {
            throw WireException.decode("the body ends inside an array");
        }
        return token != JsonToken.END_ARRAY;
    }

    /** The current item must open an array (definite or indefinite length). */
    void enterArray(String what) {
        expect(token == JsonToken.START_ARRAY && majorType() == ARRAY, what, "an array");
    }

    /** Skips the current array's remaining elements, whatever they are (minicbor-derive skips unknown indices). */
    void skipRestOfArray() throws IOException {
        while (nextElement()) {
            parser.skipChildren();
        }
    }

    /** An unsigned integer of any width whose value is at most 255 (minicbor {@code u8()}). */
    int uint8(String what) throws IOException {
        expect(token == JsonToken.VALUE_NUMBER_INT && majorType() == UNSIGNED, what, "an unsigned integer");
        NumberType type = parser.getNumberType();
        long value = type == NumberType.INT || type == NumberType.LONG ? parser.getLongValue() : -1;
        if (value < 0 || value > 255) {
            throw WireException.decode(what + " is larger than 255");
        }
        return (int) value;
    }

    /**
     * A definite-length byte string (minicbor {@code bytes()}), copied straight out of the body: Jackson's
     * {@code getBinaryValue()} gathers a long string in a buffer of its own and copies it again, twice the
     * string's size. The parser skips the unread content when it moves on.
     */
    byte[] bytes(String what) throws IOException {
        expect(token == JsonToken.VALUE_EMBEDDED_OBJECT && majorType() == BYTES, what, "a byte string");
        int start = contentStart(what);
        return Arrays.copyOfRange(body, start, start + contentLength(what));
    }

    boolean isNull() {
        return token == JsonToken.VALUE_NULL && initialByte() == NULL;
    }

    /** A definite-length text string holding valid UTF-8 (minicbor {@code str()}). */
    String text(String what) throws IOException {
        expect(token == JsonToken.VALUE_STRING && majorType() == TEXT, what, "a text string");
        // Jackson's own UTF-8 decoding is lenient (it accepts overlongs and surrogates) and takes several
        // times the string's size: the raw bytes are decoded strictly instead, and the parser skips them.
        int start = contentStart(what);
        return StrictUtf8.decode(body, start, contentLength(what), what);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private void expect(boolean ok, String what, String expected) {
        if (!ok) {
            throw WireException.decode(what + ": expected " + expected + ", found " + describe());
        }
    }

    /** Where the current definite-length string's content starts in the body. */
    private int contentStart(String what) {
        int info = initialByte() & 0x1f;
        if (info == INDEFINITE) {
            throw WireException.decode(what + ": expected a definite-length string, found an indefinite-length one");
        }
        if (info > 27) {
            throw WireException.decode(what + ": reserved additional information " + info);
        }
        return tokenOffset() + headLength();
    }

    /** The current definite-length string's declared length, which must fit in what remains of the body. */
    private int contentLength(String what) {
        int offset = tokenOffset();
        int headLength = headLength();
        if (headLength > body.length - offset) {
            throw WireException.decode(what + ": the body ends inside the string's head");
        }
        long length = headLength == 1 ? initialByte() & 0x1f : 0;
        for (int i = 1; i < headLength; i++) {
            length = (length << 8) | (body[offset + i] & 0xff);
        }
        int remaining = body.length - offset - headLength;
        if (length < 0 || length > remaining) { // negative: an 8-byte length above 2^63
            throw WireException.decode(what + ": the string claims " + Long.toUnsignedString(length)
                    + " bytes but only " + remaining + " remain in the body");
        }
        return (int) length;
    }

    private String describe() {
        return token == JsonToken.END_ARRAY ? "the end of the array"
                : String.format("CBOR major type %d (initial byte 0x%02x)", majorType(), initialByte());
    }

    private int tokenOffset() {
        return (int) parser.currentTokenLocation().getByteOffset();
    }

    private int initialByte() {
        return body[tokenOffset()] & 0xff;
    }

    private int majorType() {
        return initialByte() >>> 5;
    }

    /** Bytes taken by the head of the current item: 1, 2, 3, 5 or 9. */
    private int headLength() {
        int info = initialByte() & 0x1f;
        return info < 24 ? 1 : 1 + (1 << (info - 24));
    }
}
