package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Feeding.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.internal.wire.Feeding.Chunking;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random messages survive encode → frame → inbound → decode, on both protocols. */
class RoundTripTest {

    /** Lengths around every CBOR head boundary, and a few in between. */
    private static final int[] LENGTHS = {0, 1, 23, 24, 255, 256, 1000, 65535, 65536, 70000};

    @Test
    void currentProtocol() {
        Random random = new Random(20241024);
        for (int i = 0; i < 2000; i++) {
            TransportMessage m = randomMessage(random, true);
            byte[] body = CborV1.encodeBody(m);
            assertEquals(body.length, CborV1.bodyLength(m));
            assertEquals(m, CborV1.decodeBody(body));
            List<Outcome> outcomes = Feeding.v1(concat(V1Outbound.handshake(), V1Outbound.frame(m)), true,
                    Chunking.RANDOM, i);
            assertEquals(List.of(m.isHeartbeat() ? new Outcome.Heartbeat() : new Outcome.Deliver(m)), outcomes);
        }
    }

    @Test
    void legacyProtocol() {
        Random random = new Random(20240617);
        for (int i = 0; i < 2000; i++) {
            TransportMessage m = randomMessage(random, false);
            if (LegacyBare.bodyLength(m) > LegacyBare.MAX_BODY_LEN) {
                continue;
            }
            byte[] body = LegacyBare.encodeBody(m);
            assertEquals(body.length, LegacyBare.bodyLength(m));
            assertEquals(m, LegacyBare.decodeBody(body));
            List<Outcome> outcomes = Feeding.legacy(LegacyOutbound.frame(m), true, Chunking.RANDOM, i);
            assertEquals(List.of(m.isHeartbeat() ? new Outcome.Heartbeat() : new Outcome.Deliver(m)), outcomes);
        }
    }

    static TransportMessage randomMessage(Random random, boolean withTracing) {
        byte[] payload = new byte[length(random)];
        random.nextBytes(payload);
        String tracing = withTracing && random.nextBoolean() ? randomText(random) : null;
        return new TransportMessage(randomRoute(random), randomRoute(random), payload, tracing);
    }

    private static Route randomRoute(Random random) {
        List<Address> hops = new ArrayList<>();
        int n = random.nextInt(4) == 0 ? 24 + random.nextInt(3) : random.nextInt(4);
        for (int i = 0; i < n; i++) {
            byte[] value = new byte[random.nextInt(8) == 0 ? 300 : random.nextInt(40)];
            random.nextBytes(value); // need not be UTF-8
            hops.add(Address.of(random.nextInt(256), value));
        }
        return Route.of(hops);
    }

    private static int length(Random random) {
        int base = LENGTHS[random.nextInt(LENGTHS.length)];
        return random.nextBoolean() ? base : random.nextInt(base + 1);
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = length(random) / 4;
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0xe000 + random.nextInt(0x1000);
                default -> 0x10000 + random.nextInt(0xfffff);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
