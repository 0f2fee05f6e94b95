package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Feeding.concat;
import static dev.ockamj.transport.tcp.internal.wire.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.transport.tcp.internal.wire.Feeding.Chunking;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of every vector (bit flips, CBOR-significant bytes, truncations, insertions, changed
 * lengths): decoders may only succeed or throw {@link WireException}; inbound state machines may only report
 * the outcomes their protocol allows, with a Close last, and the same outcomes however the bytes are chunked.
 */
@Tag("hardening")
class MutationFuzzTest {

    private static final int ROUNDS = 20_000;
    private static final int[] CBOR_BYTES = {0x00, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1f, 0x20, 0x3b, 0x40, 0x58,
            0x5a, 0x5b, 0x5f, 0x60, 0x78, 0x7b, 0x7f, 0x80, 0x81, 0x83, 0x84, 0x98, 0x9b, 0x9f, 0xa0, 0xa1, 0xbf, 0xc0,
            0xc2, 0xd8, 0xd9, 0xe0, 0xf4, 0xf6, 0xf7, 0xf8, 0xf9, 0xfb, 0xff};

    enum Seen { DELIVER, HEARTBEAT, DROP, CLOSE, DECODED, REJECTED }

    @Test
    void currentProtocol() {
        List<byte[]> bodies = new ArrayList<>();
        for (JsonNode c : Vectors.cases(Vectors.TCP_V1)) {
            byte[] frame = hex(c.has("frame_hex") ? c.get("frame_hex").asText() : c.get("input_hex").asText());
            if (frame.length > 4) {
                bodies.add(Arrays.copyOfRange(frame, 4, frame.length));
            }
        }
        Map<Seen, Integer> seen = run(new Random(0x0CCA11L), bodies, 4, CborV1::decodeBody,
                (input, chunking) -> Feeding.v1(concat(V1Outbound.handshake(), input), true, chunking, input.length),
                false);
        assertTrue(seen.getOrDefault(Seen.DELIVER, 0) > 500 && seen.getOrDefault(Seen.REJECTED, 0) > 500, seen::toString);
    }

    @Test
    void legacyProtocol() {
        List<byte[]> bodies = new ArrayList<>();
        for (JsonNode c : Vectors.cases(Vectors.LEGACY)) {
            byte[] frame = hex(c.has("frame_hex") ? c.get("frame_hex").asText() : c.get("input_hex").asText());
            bodies.add(Arrays.copyOfRange(frame, 2, frame.length));
        }
        Map<Seen, Integer> seen = run(new Random(0x1E6AC1L), bodies, 2, LegacyBare::decodeBody,
                (input, chunking) -> Feeding.legacy(input, true, chunking, input.length), true);
        assertTrue(seen.getOrDefault(Seen.DELIVER, 0) > 500 && seen.getOrDefault(Seen.DROP, 0) > 500, seen::toString);
    }

    private interface Inbound {
        List<Outcome> feed(byte[] input, Chunking chunking);
    }

    private static Map<Seen, Integer> run(Random random, List<byte[]> bodies, int prefixLength,
                                          Function<byte[], TransportMessage> decode, Inbound inbound, boolean legacy) {
        Map<Seen, Integer> seen = new EnumMap<>(Seen.class);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] body = mutate(random, bodies.get(random.nextInt(bodies.size())), bodies);
            String context = "round " + round + ", body " + hex(body);

            try {
                TransportMessage m = decode.apply(body);
                seen.merge(Seen.DECODED, 1, Integer::sum);
                Expected.assertLoggable(m.toString());
                if (!legacy) { // what we accept, we re-encode canonically and read back identically
                    assertEquals(m, CborV1.decodeBody(CborV1.encodeBody(m)), context);
                }
            } catch (WireException e) {
                seen.merge(Seen.REJECTED, 1, Integer::sum);
                Expected.assertLoggable(e.getMessage());
            } catch (Throwable t) {
                fail(context + ": decoder threw " + t, t);
            }

            byte[] frame = concat(prefix(random, body.length, prefixLength), body);
            if (random.nextInt(10) == 0) {
                frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            }
            List<Outcome> outcomes;
            try {
                outcomes = inbound.feed(frame, Chunking.RANDOM);
                if (round % 10 == 0) {
                    assertEquals(outcomes, inbound.feed(frame, Chunking.BYTE_BY_BYTE), "chunking changed outcomes, " + context);
                    assertEquals(outcomes, inbound.feed(frame, Chunking.WHOLE), "chunking changed outcomes, " + context);
                }
            } catch (Throwable t) {
                fail(context + ": inbound threw " + t, t);
                return seen;
            }
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome o = outcomes.get(i);
                Expected.assertLoggable(o);
                Seen kind = o instanceof Outcome.Deliver ? Seen.DELIVER
                        : o instanceof Outcome.Heartbeat ? Seen.HEARTBEAT
                        : o instanceof Outcome.Drop ? Seen.DROP
                        : Seen.CLOSE;
                seen.merge(kind, 1, Integer::sum);
                if (kind == Seen.CLOSE) {
                    assertEquals(outcomes.size() - 1, i, "outcomes after a Close, " + context);
                }
                if (kind == Seen.DROP) {
                    assertTrue(legacy, "the current protocol never drops and goes on, " + context);
                }
            }
        }
        return seen;
    }

    /** Usually the true length, so that the body decoder is reached; sometimes a wrong or extreme one. */
    private static byte[] prefix(Random random, int bodyLength, int prefixLength) {
        long length = switch (random.nextInt(10)) {
            case 0 -> random.nextLong() & 0xffffffffL;
            case 1 -> Math.max(0, bodyLength + random.nextInt(9) - 4);
            case 2 -> new long[] {0, CborV1.MAX_BODY_LEN, CborV1.MAX_BODY_LEN + 1L, 0xffffffffL, 0xffff}[random.nextInt(5)];
            default -> bodyLength;
        };
        ByteBuffer prefix = ByteBuffer.allocate(8).putLong(length);
        return Arrays.copyOfRange(prefix.array(), 8 - prefixLength, 8);
    }

    private static byte[] mutate(Random random, byte[] original, List<byte[]> others) {
        byte[] b = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (random.nextInt(8)) {
                case 0 -> { if (b.length > 0) b[at] ^= (byte) (1 << random.nextInt(8)); }
                case 1 -> { if (b.length > 0) b[at] = (byte) random.nextInt(256); }
                case 2 -> { if (b.length > 0) b[at] = (byte) CBOR_BYTES[random.nextInt(CBOR_BYTES.length)]; }
                case 3 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                case 4 -> {
                    byte[] insert = new byte[1 + random.nextInt(8)];
                    for (int i = 0; i < insert.length; i++) {
                        insert[i] = (byte) (random.nextBoolean() ? CBOR_BYTES[random.nextInt(CBOR_BYTES.length)] : random.nextInt(256));
                    }
                    b = concat(Arrays.copyOf(b, at), insert, Arrays.copyOfRange(b, at, b.length));
                }
                case 5 -> b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1 + random.nextInt(8)), b.length));
                case 6 -> b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at, b.length), Arrays.copyOfRange(b, at, b.length));
                default -> b = concat(b, others.get(random.nextInt(others.size())));
            }
        }
        return b;
    }
}
