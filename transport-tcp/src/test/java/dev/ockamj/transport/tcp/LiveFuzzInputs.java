package dev.ockamj.transport.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.transport.tcp.internal.wire.CborV1;
import dev.ockamj.transport.tcp.internal.wire.LegacyBare;
import dev.ockamj.transport.tcp.internal.wire.Vectors;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Inputs for {@link LiveFuzzTest}: byte streams a peer could send, made by mutating the golden frames of
 * transport-tcp/src/test/resources/vectors. Deterministic for a given random, so that a round reproduces from its seed.
 */
final class LiveFuzzInputs {

    /** How an input was made; counted in the report. */
    enum Kind {
        /** Golden frames as they are (a control). */
        CLEAN(3),
        /** 1 to 4 bits flipped anywhere after the handshake. */
        BIT_FLIP(18),
        /** The head of a CBOR (or, for LEGACY, BARE) item replaced by another head, or two heads swapped. */
        HEAD_SWAP(15),
        /** Bytes set to random or CBOR-significant values; the length prefix usually fixed up. */
        BYTE_SET(8),
        /** The stream cut short. */
        TRUNCATE(8),
        /** A length prefix changed: random, off by a little, or an extreme (0, 16 MiB, 16 MiB + 1, 2^31, 2^32-1). */
        LENGTH(12),
        /** Bytes inserted, deleted or duplicated inside a body; the prefix usually fixed up. */
        INSERT_DELETE(10),
        /** Arrays nested up to 100,000 deep, in every position of the message, closed or not. */
        NEST(2),
        /** Random bytes, as a whole stream or as a body behind a correct prefix. */
        RANDOM(10),
        /** The version byte replaced or left out (V1 only). */
        HANDSHAKE(2),
        /** Frames of different vectors joined, with and without their prefixes. */
        SPLICE(6),
        /** A 4th-or-later element or an address's 3rd element added: things Rust skips. */
        EXTRA(6);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    record Input(Kind kind, byte[] bytes) {
    }

    private static final int[] CBOR_HEADS = {0x00, 0x01, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x3b, 0x40,
            0x41, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5f, 0x60, 0x61, 0x78, 0x7a, 0x7b, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84,
            0x98, 0x9a, 0x9b, 0x9f, 0xa0, 0xa1, 0xbf, 0xc0, 0xc2, 0xd8, 0xd9, 0xe0, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
            0xfa, 0xfb, 0xff};
    private static final long[] EXTREME_LENGTHS = {0, 1, 0xffff, CborV1.MAX_BODY_LEN, CborV1.MAX_BODY_LEN + 1L,
            0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL};
    private static final int TOTAL_WEIGHT = Arrays.stream(Kind.values()).mapToInt(k -> k.weight).sum();

    private final boolean v1;
    private final int prefixLength;
    private final byte[] handshake;
    /** Bodies of the valid vectors and of the invalid ones that have a frame shape. */
    private final List<byte[]> bodies = new ArrayList<>();
    /** Head offsets of each body (CBOR items, or for LEGACY the positions of length/count bytes). */
    private final List<int[]> heads = new ArrayList<>();
    /** The invalid vectors' raw input, after the handshake. */
    private final List<byte[]> raw = new ArrayList<>();

    private LiveFuzzInputs(boolean v1) {
        this.v1 = v1;
        this.prefixLength = v1 ? 4 : 2;
        this.handshake = v1 ? new byte[] {1} : new byte[0];
        for (JsonNode c : Vectors.cases(v1 ? Vectors.TCP_V1 : Vectors.LEGACY)) {
            if (c.has("frame_hex")) {
                byte[] frame = Vectors.hex(c.get("frame_hex").asText());
                byte[] body = Arrays.copyOfRange(frame, prefixLength, frame.length);
                bodies.add(body);
                heads.add(v1 ? cborHeads(body) : allOffsets(body));
            } else {
                raw.add(Vectors.hex(c.get("input_hex").asText()));
            }
        }
    }

    static LiveFuzzInputs v1() {
        return new LiveFuzzInputs(true);
    }

    static LiveFuzzInputs legacy() {
        return new LiveFuzzInputs(false);
    }

    byte[] handshake() {
        return handshake.clone();
    }

    long maxBody() {
        return v1 ? CborV1.MAX_BODY_LEN : LegacyBare.MAX_BODY_LEN;
    }

    /** One input: the whole byte stream of a connection, the handshake included. */
    Input next(SplittableRandom r) {
        Kind kind = pick(r);
        if (!v1 && (kind == Kind.HANDSHAKE || kind == Kind.NEST && r.nextInt(4) != 0)) {
            kind = Kind.BIT_FLIP; // LEGACY has no handshake, and no recursion to blow up (a few NESTs are kept)
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(handshake);
        switch (kind) {
            case CLEAN -> {
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    out.writeBytes(frame(body(r)));
                }
            }
            case HANDSHAKE -> {
                out.reset();
                switch (r.nextInt(3)) {
                    case 0 -> out.write(0); // what a LEGACY peer's first byte usually is
                    case 1 -> out.write(2 + r.nextInt(254));
                    default -> { } // no version byte at all: the prefix's first byte takes its place
                }
                out.writeBytes(frame(body(r)));
            }
            case RANDOM -> {
                byte[] junk = randomBytes(r, r.nextInt(300));
                if (r.nextBoolean()) {
                    out.writeBytes(frame(junk));
                } else {
                    if (r.nextInt(10) == 0) {
                        out.reset();
                    }
                    out.writeBytes(junk);
                }
            }
            case NEST -> out.writeBytes(frame(nested(r)));
            case SPLICE -> {
                int n = 2 + r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    if (!raw.isEmpty() && r.nextInt(4) == 0) {
                        out.writeBytes(raw.get(r.nextInt(raw.size())));
                    } else if (r.nextInt(3) == 0) {
                        out.writeBytes(body(r)); // a body without its prefix
                    } else {
                        out.writeBytes(frame(body(r)));
                    }
                }
            }
            case TRUNCATE -> {
                byte[] stream = concatFrames(r, 1 + r.nextInt(2));
                out.writeBytes(Arrays.copyOf(stream, r.nextInt(stream.length)));
            }
            case LENGTH -> {
                byte[] body = body(r);
                long length = switch (r.nextInt(4)) {
                    case 0 -> r.nextLong() & (v1 ? 0xffff_ffffL : 0xffffL);
                    case 1 -> Math.max(0, body.length + r.nextInt(-4, 5));
                    case 2 -> EXTREME_LENGTHS[r.nextInt(EXTREME_LENGTHS.length)] & (v1 ? 0xffff_ffffL : 0xffffL);
                    default -> body.length ^ (1L << r.nextInt(prefixLength * 8));
                };
                out.writeBytes(prefix(length));
                out.writeBytes(body);
                if (r.nextBoolean()) {
                    out.writeBytes(frame(body(r)));
                }
            }
            default -> out.writeBytes(mutatedFrame(r, kind));
        }
        return new Input(kind, out.toByteArray());
    }

    /**
     * A frame for a long-lived connection: usually one that {@code keepsOpen} accepts (a decodable body:
     * delivered, dropped for its address, or a heartbeat), sometimes any mutation (which may well close it).
     */
    Input frameForLongLived(SplittableRandom r, Predicate<byte[]> keepsOpen) {
        if (r.nextInt(40) == 0) {
            Input any = next(r);
            return new Input(any.kind(), Arrays.copyOfRange(any.bytes(), Math.min(handshake.length, any.bytes().length),
                    any.bytes().length));
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            Kind kind = r.nextBoolean() ? Kind.BIT_FLIP : r.nextBoolean() ? Kind.HEAD_SWAP
                    : r.nextBoolean() ? Kind.EXTRA : Kind.INSERT_DELETE;
            byte[] body = mutatedBody(r, kind);
            if (body.length > 0 && keepsOpen.test(body)) {
                return new Input(kind, frame(body));
            }
        }
        return new Input(Kind.CLEAN, frame(body(r)));
    }

    byte[] frame(byte[] body) {
        return LiveFuzzTest.concat(prefix(body.length), body);
    }

    private byte[] prefix(long length) {
        byte[] p = new byte[prefixLength];
        for (int i = 0; i < prefixLength; i++) {
            p[i] = (byte) (length >>> (8 * (prefixLength - 1 - i)));
        }
        return p;
    }

    private Kind pick(SplittableRandom r) {
        int x = r.nextInt(TOTAL_WEIGHT);
        for (Kind k : Kind.values()) {
            x -= k.weight;
            if (x < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    private byte[] body(SplittableRandom r) {
        return bodies.get(r.nextInt(bodies.size()));
    }

    private byte[] concatFrames(SplittableRandom r, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            out.writeBytes(frame(body(r)));
        }
        return out.toByteArray();
    }

    /** A mutated body behind a prefix that is usually its true length, so that the decoder is reached. */
    private byte[] mutatedFrame(SplittableRandom r, Kind kind) {
        int index = r.nextInt(bodies.size());
        byte[] original = bodies.get(index);
        byte[] body = mutate(r, kind, original, heads.get(index));
        byte[] frame = r.nextInt(5) == 0 ? LiveFuzzTest.concat(prefix(original.length), body) : frame(body);
        if (r.nextInt(3) == 0) { // followed by another frame, which it may swallow or desynchronise
            frame = LiveFuzzTest.concat(frame, frame(body(r)));
        }
        return frame;
    }

    private byte[] mutatedBody(SplittableRandom r, Kind kind) {
        int index = r.nextInt(bodies.size());
        return mutate(r, kind, bodies.get(index), heads.get(index));
    }

    private byte[] mutate(SplittableRandom r, Kind kind, byte[] original, int[] headOffsets) {
        byte[] b = original.clone();
        switch (kind) {
            case BIT_FLIP -> {
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips && b.length > 0; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case HEAD_SWAP -> {
                int at = headOffsets[r.nextInt(headOffsets.length)];
                switch (r.nextInt(3)) {
                    case 0 -> b[at] = (byte) CBOR_HEADS[r.nextInt(CBOR_HEADS.length)];
                    case 1 -> b[at] ^= (byte) (r.nextInt(1, 8) << 5); // same argument, another major type
                    default -> {
                        int other = headOffsets[r.nextInt(headOffsets.length)];
                        byte t = b[at];
                        b[at] = b[other];
                        b[other] = t;
                    }
                }
            }
            case BYTE_SET -> {
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? CBOR_HEADS[r.nextInt(CBOR_HEADS.length)] : r.nextInt(256));
                }
            }
            case INSERT_DELETE -> {
                int at = r.nextInt(b.length + 1);
                switch (r.nextInt(3)) {
                    case 0 -> b = LiveFuzzTest.concat(Arrays.copyOf(b, at), randomBytes(r, 1 + r.nextInt(8)),
                            Arrays.copyOfRange(b, at, b.length));
                    case 1 -> b = LiveFuzzTest.concat(Arrays.copyOf(b, at),
                            Arrays.copyOfRange(b, Math.min(b.length, at + 1 + r.nextInt(8)), b.length));
                    default -> b = LiveFuzzTest.concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at, b.length),
                            Arrays.copyOfRange(b, at, b.length));
                }
            }
            case EXTRA -> b = extraElement(r, b);
            default -> throw new IllegalArgumentException(kind.name());
        }
        return b;
    }

    /**
     * V1: the message array (or an address's) grows by one element of any shape, which Rust skips when the
     * head is a definite array of 3 or more. LEGACY: bytes appended after the payload (a trailer).
     */
    private byte[] extraElement(SplittableRandom r, byte[] body) {
        byte[] extra = r.nextInt(3) == 0 ? randomBytes(r, 1 + r.nextInt(6)) : switch (r.nextInt(5)) {
            case 0 -> new byte[] {(byte) 0xf6};
            case 1 -> new byte[] {0x01};
            case 2 -> new byte[] {(byte) 0x9f, (byte) 0x80, (byte) 0xa0, (byte) 0xff};
            case 3 -> new byte[] {0x62, 0x68, 0x69};
            default -> new byte[] {(byte) 0xc1, 0x00};
        };
        if (!v1) {
            return LiveFuzzTest.concat(body, extra);
        }
        int head = body[0] & 0xff;
        if (head >= 0x83 && head <= 0x96 && r.nextBoolean()) { // the message: one element more
            byte[] b = LiveFuzzTest.concat(body, extra);
            if (head == 0x83 && r.nextBoolean()) { // a 4th element must be a tracing context or null
                b = LiveFuzzTest.concat(body, new byte[] {(byte) 0xf6}, extra);
                b[0] = (byte) (head + 2);
            } else {
                b[0] = (byte) (head + 1);
            }
            return b;
        }
        // the first address (82 type value) gets a third element
        for (int i = 0; i + 1 < body.length; i++) {
            if ((body[i] & 0xff) == 0x82 && (body[i + 1] & 0xff) <= 0x17) {
                int end = i + 2 + stringLength(body, i + 2);
                if (end <= body.length) {
                    byte[] b = LiveFuzzTest.concat(Arrays.copyOf(body, end), extra, Arrays.copyOfRange(body, end, body.length));
                    b[i] = (byte) 0x83;
                    return b;
                }
            }
        }
        return LiveFuzzTest.concat(body, extra);
    }

    /**
     * A body with arrays nested up to 100,000 deep: as the whole body, as the onward route, as an address,
     * in the tracing context's place, or as a 5th element that a decoder must skip; definite ({@code 81}) or
     * indefinite ({@code 9f}), closed or left open. Depths near Jackson's nesting limit (1000) included.
     */
    private byte[] nested(SplittableRandom r) {
        int depth = switch (r.nextInt(4)) {
            case 0 -> r.nextInt(990, 1010);
            case 1 -> r.nextInt(1, 1000);
            default -> r.nextInt(1000, 100_001);
        };
        boolean indefinite = r.nextBoolean();
        boolean closed = r.nextBoolean();
        ByteArrayOutputStream nest = new ByteArrayOutputStream(depth * 2 + 2);
        for (int i = 0; i < depth; i++) {
            nest.write(indefinite ? 0x9f : 0x81);
        }
        if (closed) {
            if (indefinite) {
                for (int i = 0; i < depth; i++) {
                    nest.write(0xff);
                }
            } else {
                nest.write(0x00);
            }
        }
        byte[] n = nest.toByteArray();
        byte[] echoer = Vectors.hex("8200466563686f6572");
        byte[] app = Vectors.hex("820043617070");
        byte[] payload = Vectors.hex("45" + "6e65737421");
        return switch (r.nextInt(5)) {
            case 0 -> n;
            case 1 -> LiveFuzzTest.concat(new byte[] {(byte) 0x83}, n, new byte[] {(byte) 0x81}, app, payload);
            case 2 -> LiveFuzzTest.concat(new byte[] {(byte) 0x83, (byte) 0x81}, n, new byte[] {(byte) 0x81}, app, payload);
            case 3 -> LiveFuzzTest.concat(new byte[] {(byte) 0x84, (byte) 0x81}, echoer, new byte[] {(byte) 0x81}, app, payload, n);
            default -> LiveFuzzTest.concat(new byte[] {(byte) 0x85, (byte) 0x81}, echoer, new byte[] {(byte) 0x81}, app, payload,
                    new byte[] {(byte) 0xf6}, n);
        };
    }

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (r.nextInt(3) == 0 ? CBOR_HEADS[r.nextInt(CBOR_HEADS.length)] : r.nextInt(256));
        }
        return b;
    }

    /** Offsets of every item head in a well-formed CBOR body (a linear walk: strings are skipped). */
    static int[] cborHeads(byte[] body) {
        List<Integer> out = new ArrayList<>();
        int p = 0;
        while (p < body.length) {
            out.add(p);
            int major = (body[p] & 0xff) >>> 5;
            int info = body[p] & 0x1f;
            int headLength = info < 24 || info == 31 ? 1 : 1 + (1 << (info - 24));
            long argument = info < 24 ? info : 0;
            for (int i = 1; i < headLength && info != 31; i++) {
                argument = (argument << 8) | (body[p + i] & 0xff);
            }
            p += headLength;
            if ((major == 2 || major == 3) && info != 31) {
                p += (int) argument;
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int stringLength(byte[] body, int head) {
        int info = body[head] & 0x1f;
        return info < 24 ? 1 + info : info == 24 && head + 1 < body.length ? 2 + (body[head + 1] & 0xff) : Integer.MAX_VALUE / 2;
    }

    private static int[] allOffsets(byte[] body) {
        int[] all = new int[body.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }
}
