package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Feeding.concat;
import static dev.ockamj.transport.tcp.internal.wire.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.internal.wire.Feeding.Chunking;
import dev.ockamj.transport.tcp.internal.wire.Outcome.CloseReason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Framing of the legacy protocol (docs/wire.md §9). */
class LegacyInboundTest {

    private static final TransportMessage HELLO = new TransportMessage(
            Route.of("echoer"), Route.of("app"), hex("0c48656c6c6f204f636b616d21"));
    private static final TransportMessage HEARTBEAT = new TransportMessage(Route.empty(), Route.empty(), new byte[0]);

    @ParameterizedTest
    @EnumSource(Chunking.class)
    void dropsBadFramesAndKeepsReading(Chunking chunking) {
        byte[] stream = concat(LegacyOutbound.frame(HELLO), hex("0000"), hex("0001ff"), LegacyOutbound.frame(HEARTBEAT),
                hex("000103"), LegacyOutbound.frame(HELLO));
        List<Outcome> outcomes = Feeding.legacy(stream, true, chunking, 3);
        assertEquals(6, outcomes.size(), outcomes::toString);
        assertEquals(new Outcome.Deliver(HELLO), outcomes.get(0));
        assertInstanceOf(Outcome.Drop.class, outcomes.get(1)); // empty body: no version byte
        assertInstanceOf(Outcome.Drop.class, outcomes.get(2)); // version 255
        assertEquals(new Outcome.Heartbeat(), outcomes.get(3));
        assertInstanceOf(Outcome.Drop.class, outcomes.get(4)); // version 3
        assertEquals(new Outcome.Deliver(HELLO), outcomes.get(5));
        outcomes.forEach(Expected::assertLoggable);
    }

    @Test
    void largestFrameIsRead() {
        byte[] payload = new byte[LegacyBare.MAX_BODY_LEN - 9]; // 01 0100 0161 00 + 3-byte uvarint
        TransportMessage big = new TransportMessage(Route.of("a"), Route.empty(), payload);
        byte[] frame = LegacyOutbound.frame(big);
        assertEquals("ffff", hex(Arrays.copyOf(frame, 2)));
        assertEquals(List.of(new Outcome.Deliver(big)), Feeding.legacy(frame, true, Chunking.RANDOM, 5));
    }

    @Test
    void eofInsideAFrameCloses() {
        byte[] frame = LegacyOutbound.frame(HELLO);
        for (int cut = 1; cut < frame.length; cut++) {
            Expected.assertSingleClose(Feeding.legacy(Arrays.copyOf(frame, cut), true, Chunking.WHOLE, 0),
                    CloseReason.TRUNCATED_FRAME);
        }
    }

    @Test
    void cleanEofIsNotAnError() {
        assertEquals(List.of(), Feeding.legacy(new byte[0], true, Chunking.WHOLE, 0));
    }
}
