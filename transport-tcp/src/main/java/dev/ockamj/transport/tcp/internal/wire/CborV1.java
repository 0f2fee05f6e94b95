package dev.ockamj.transport.tcp.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.ockamj.node.Address;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.Route;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body codec of the current protocol (docs/wire.md §4): {@code [onward_route, return_route, payload,
 * tracing_context?]} in CBOR, written exactly as minicbor writes it and read as leniently and as strictly as
 * minicbor reads it.
 */
public final class CborV1 {

    /** Ockam's {@code MAX_MESSAGE_SIZE}: the largest body a frame may carry. */
    public static final int MAX_BODY_LEN = 16 * 1024 * 1024;

    /**
     * Shortest heads and no self-describe tag or string references, as minicbor writes. Nesting is capped
     * (the message needs depth 3; deeper items only appear in skipped elements) so that hostile input cannot
     * exhaust the stack; strings cannot exceed the body anyway.
     */
    static final CBORFactory FACTORY = CBORFactory.builder()
            // the message has no field names: a symbol table per parser would be pure cost (measured)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
            .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
            .disable(CBORGenerator.Feature.STRINGREF)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(1000)
                    .maxStringLength(MAX_BODY_LEN)
                    .build())
            .build();

    private CborV1() {
    }

    /** The encoded body: definite lengths, shortest heads, 3 elements without tracing context, 4 with. */
    public static byte[] encodeBody(TransportMessage message) {
        int length = WireException.checkLength("the message body", bodyLength(message), Integer.MAX_VALUE - 8);
        return encode(message, 0, length);
    }

    /**
     * Decodes a body the way Rust does (docs/wire.md §4 "Decoder"): definite or indefinite arrays, 3 or more
     * elements, bytes after the first item ignored.
     *
     * @throws WireException of kind DECODE when Rust would fail to decode it
     */
    public static TransportMessage decodeBody(byte[] body) {
        try (CborReader reader = new CborReader(FACTORY, body)) {
            reader.start("a transport message");
            reader.enterArray("transport message");
            requireElement(reader, "onward route");
            Route onward = readRoute(reader, "onward route");
            requireElement(reader, "return route");
            Route returnRoute = readRoute(reader, "return route");
            requireElement(reader, "payload");
            byte[] payload = reader.bytes("payload");
            String tracingContext = null;
            if (reader.nextElement()) {
                tracingContext = reader.isNull() ? null : reader.text("tracing context");
                reader.skipRestOfArray();
            }
            return new TransportMessage(onward, returnRoute, payload, tracingContext);
        } catch (JsonProcessingException e) {
            throw WireException.decode("invalid CBOR: " + Printable.escape(e.getOriginalMessage(), 200)
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset()));
        } catch (IOException e) {
            throw WireException.decode("invalid CBOR: " + e.getClass().getSimpleName());
        }
    }

    /** The exact length of {@link #encodeBody}'s result, computed without encoding. */
    public static long bodyLength(TransportMessage m) {
        long length = 1 + routeLength(m.onwardRoute()) + routeLength(m.returnRoute())
                + stringLength(m.payload().length);
        if (m.tracingContext() != null) {
            length += stringLength(m.tracingContext().getBytes(StandardCharsets.UTF_8).length);
        }
        return length;
    }

    /** Encodes into a new array of {@code room + length} bytes, leaving the first {@code room} bytes zero. */
    static byte[] encode(TransportMessage m, int room, int length) {
        byte[] out = new byte[room + length];
        ArraySink sink = new ArraySink(out, room);
        try (CBORGenerator gen = FACTORY.createGenerator(sink)) {
            gen.writeStartArray(m, m.tracingContext() == null ? 3 : 4);
            writeRoute(gen, m.onwardRoute());
            writeRoute(gen, m.returnRoute());
            gen.writeBinary(m.payload());
            if (m.tracingContext() != null) {
                // writeString() would switch to an indefinite-length (chunked) string for long text;
                // writeUTF8String() always writes one definite-length string.
                byte[] utf8 = m.tracingContext().getBytes(StandardCharsets.UTF_8);
                gen.writeUTF8String(utf8, 0, utf8.length);
            }
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding into memory cannot fail", e);
        }
        if (sink.position != out.length) {
            throw new IllegalStateException("encoded " + (sink.position - room) + " bytes, expected " + length);
        }
        return out;
    }

    private static void requireElement(CborReader reader, String what) throws IOException {
        if (!reader.nextElement()) {
            throw WireException.decode("the transport message has no " + what);
        }
    }

    private static Route readRoute(CborReader reader, String what) throws IOException {
        reader.enterArray(what);
        List<Address> hops = new ArrayList<>();
        while (reader.nextElement()) {
            hops.add(readAddress(reader));
        }
        return Route.of(hops);
    }

    private static Address readAddress(CborReader reader) throws IOException {
        reader.enterArray("address");
        if (!reader.nextElement()) {
            throw WireException.decode("an address has no transport type");
        }
        int type = reader.uint8("address transport type");
        if (!reader.nextElement()) {
            throw WireException.decode("an address has no value");
        }
        byte[] value = reader.bytes("address value");
        reader.skipRestOfArray(); // Address is a minicbor-derive array struct too: extra elements are skipped
        return Address.wrap(type, value); // a fresh array from the parser: no need to copy it again
    }

    private static void writeRoute(CBORGenerator gen, Route route) throws IOException {
        gen.writeStartArray(route, route.size());
        for (int i = 0; i < route.size(); i++) {
            Address a = route.get(i);
            gen.writeStartArray(a, 2);
            gen.writeNumber(a.transportType());
            gen.writeBinary(a.unsafeValue());
            gen.writeEndArray();
        }
        gen.writeEndArray();
    }

    private static long routeLength(Route route) {
        long length = headLength(route.size());
        for (int i = 0; i < route.size(); i++) {
            Address a = route.get(i);
            length += 1 + headLength(a.transportType()) + stringLength(a.valueLength());
        }
        return length;
    }

    private static long stringLength(long contentLength) {
        return headLength(contentLength) + contentLength;
    }

    /** Bytes of a shortest CBOR head carrying {@code n}. */
    private static int headLength(long n) {
        return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x1_0000 ? 3 : n < 0x1_0000_0000L ? 5 : 9;
    }

    /** Writes into a preallocated array, so the body is not copied after encoding. */
    private static final class ArraySink extends OutputStream {
        private final byte[] out;
        private int position;

        ArraySink(byte[] out, int position) {
            this.out = out;
            this.position = position;
        }

        @Override
        public void write(int b) {
            out[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, out, position, len);
            position += len;
        }
    }
}
