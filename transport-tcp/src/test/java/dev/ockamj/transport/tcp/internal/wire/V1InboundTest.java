package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Feeding.concat;
import static dev.ockamj.transport.tcp.internal.wire.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.internal.wire.Feeding.Chunking;
import dev.ockamj.transport.tcp.internal.wire.Outcome.Close;
import dev.ockamj.transport.tcp.internal.wire.Outcome.CloseReason;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Framing of the current protocol (docs/wire.md §2, §3, §8). */
class V1InboundTest {

    private static final byte[] VERSION = {0x01};
    private static final TransportMessage HELLO = new TransportMessage(
            Route.of("echoer"), Route.of("app"), hex("0c48656c6c6f204f636b616d21"));
    private static final TransportMessage REPLY = new TransportMessage(
            Route.of("app"), Route.of("echoer"), hex("0c48656c6c6f204f636b616d21"), "{}");
    private static final TransportMessage HEARTBEAT = new TransportMessage(Route.empty(), Route.empty(), new byte[0]);

    @ParameterizedTest
    @EnumSource(Chunking.class)
    void framesInOneStreamComeOutInOrderWhateverTheChunking(Chunking chunking) {
        byte[] stream = concat(VERSION, V1Outbound.frame(HELLO), V1Outbound.frame(HEARTBEAT), V1Outbound.frame(REPLY));
        assertEquals(List.of(new Outcome.Deliver(HELLO), new Outcome.Heartbeat(), new Outcome.Deliver(REPLY)),
                Feeding.v1(stream, true, chunking, 42));
    }

    @Test
    void twoFramesInOneChunk() {
        V1Inbound inbound = new V1Inbound();
        List<Outcome> outcomes = new ArrayList<>();
        inbound.feed(ByteBuffer.wrap(VERSION), outcomes::add);
        inbound.feed(ByteBuffer.wrap(concat(V1Outbound.frame(HELLO), V1Outbound.frame(REPLY))), outcomes::add);
        assertEquals(List.of(new Outcome.Deliver(HELLO), new Outcome.Deliver(REPLY)), outcomes);
        assertEquals(Optional.empty(), inbound.onEof());
    }

    @Test
    void heartbeatIsIgnoredAndTheConnectionGoesOn() {
        List<Outcome> outcomes = Feeding.v1(concat(VERSION, V1Outbound.frame(HEARTBEAT), V1Outbound.frame(HELLO)),
                false, Chunking.WHOLE, 0);
        assertEquals(List.of(new Outcome.Heartbeat(), new Outcome.Deliver(HELLO)), outcomes);
    }

    @Test
    void eofBeforeTheVersionByteCloses() {
        Expected.assertSingleClose(Feeding.v1(new byte[0], true, Chunking.WHOLE, 0),
                CloseReason.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void legacyPeerIsRejectedByItsFirstByte() {
        byte[] legacyFrame = LegacyOutbound.frame(HELLO); // starts with 0x00, the high byte of a u16 length
        Expected.assertSingleClose(Feeding.v1(legacyFrame, true, Chunking.WHOLE, 0),
                CloseReason.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void cleanEofBetweenFramesIsNotAnError() {
        assertEquals(List.of(), Feeding.v1(VERSION, true, Chunking.WHOLE, 0));
        assertEquals(List.of(new Outcome.Deliver(HELLO)),
                Feeding.v1(concat(VERSION, V1Outbound.frame(HELLO)), true, Chunking.WHOLE, 0));
    }

    @Test
    void eofInsideThePrefixOrTheBodyCloses() {
        byte[] frame = V1Outbound.frame(HELLO);
        for (int cut = 1; cut < frame.length; cut++) {
            byte[] input = concat(VERSION, Arrays.copyOf(frame, cut));
            Expected.assertSingleClose(Feeding.v1(input, true, Chunking.WHOLE, 0), CloseReason.TRUNCATED_FRAME);
        }
    }

    @Test
    void emptyBodyCloses() {
        Close close = closeOf(concat(VERSION, hex("00000000"), V1Outbound.frame(HELLO)));
        assertEquals(CloseReason.DECODE_ERROR, close.reason());
    }

    @Test
    void undecodableBodyCloses() {
        assertEquals(CloseReason.DECODE_ERROR, closeOf(concat(VERSION, hex("0000000182"))).reason());
    }

    @Test
    void lengthOfMaxPlusOneClosesRightAfterThePrefix() {
        assertEquals(CloseReason.FRAME_TOO_LONG, closeOf(concat(VERSION, hex("01000001"))).reason());
    }

    @Test
    void lengthOfFourGibClosesWithoutAllocatingTheBody() {
        V1Inbound inbound = new V1Inbound();
        List<Outcome> outcomes = new ArrayList<>();
        inbound.feed(ByteBuffer.wrap(VERSION), outcomes::add);
        ByteBuffer prefix = ByteBuffer.wrap(hex("ffffffff"));
        long allocated = allocatedBytes(() -> inbound.feed(prefix, outcomes::add));
        Expected.assertSingleClose(outcomes, CloseReason.FRAME_TOO_LONG);
        assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes");
    }

    @Test
    void lengthOfExactlyMaxIsAcceptedAndAWholeMaxBodyIsDelivered() {
        V1Inbound inbound = new V1Inbound();
        List<Outcome> outcomes = new ArrayList<>();
        inbound.feed(ByteBuffer.wrap(concat(VERSION, hex("01000000"))), outcomes::add);
        assertEquals(List.of(), outcomes);
        assertFalse(inbound.isClosed());

        // A whole body of exactly 16 MiB: the payload fills what the routes and heads leave.
        TransportMessage empty = new TransportMessage(Route.of("big"), Route.of("app"), new byte[0]);
        int overhead = (int) CborV1.bodyLength(empty) - 1 + 5; // payload head 40 becomes 5a <u32>
        byte[] payload = new byte[CborV1.MAX_BODY_LEN - overhead];
        payload[payload.length - 1] = 7;
        TransportMessage big = new TransportMessage(Route.of("big"), Route.of("app"), payload);
        byte[] frame = V1Outbound.frame(big);
        assertEquals(4 + CborV1.MAX_BODY_LEN, frame.length);
        assertEquals("01000000", hex(Arrays.copyOf(frame, 4)));
        List<Outcome> received = new ArrayList<>();
        V1Inbound fresh = new V1Inbound();
        fresh.feed(ByteBuffer.wrap(VERSION), received::add);
        for (int at = 0; at < frame.length; at += 65536) { // in 64 KiB chunks, as a socket would
            fresh.feed(ByteBuffer.wrap(frame, at, Math.min(65536, frame.length - at)), received::add);
        }
        assertEquals(List.of(new Outcome.Deliver(big)), received);
    }

    @Test
    void inputAfterCloseIsConsumedAndIgnored() {
        V1Inbound inbound = new V1Inbound();
        List<Outcome> outcomes = new ArrayList<>();
        ByteBuffer chunk = ByteBuffer.wrap(concat(hex("02"), V1Outbound.frame(HELLO)));
        inbound.feed(chunk, outcomes::add);
        assertFalse(chunk.hasRemaining());
        ByteBuffer later = ByteBuffer.wrap(concat(VERSION, V1Outbound.frame(HELLO)));
        inbound.feed(later, outcomes::add);
        assertFalse(later.hasRemaining());
        assertEquals(Optional.empty(), inbound.onEof());
        Expected.assertSingleClose(outcomes, CloseReason.UNSUPPORTED_PROTOCOL_VERSION);
    }

    private static Close closeOf(byte[] input) {
        List<Outcome> outcomes = Feeding.v1(input, true, Chunking.WHOLE, 0);
        assertEquals(1, outcomes.size(), outcomes::toString);
        Close close = assertInstanceOf(Close.class, outcomes.get(0));
        Expected.assertLoggable(close.detail());
        return close;
    }

    private static long allocatedBytes(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
