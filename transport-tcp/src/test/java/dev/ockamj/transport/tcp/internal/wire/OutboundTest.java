package dev.ockamj.transport.tcp.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Handshake and frame sizes on the sending side (docs/wire.md §2, §3, §9). */
class OutboundTest {

    @Test
    void handshakeIsTheVersionByte() {
        assertArrayEquals(new byte[] {0x01}, V1Outbound.handshake());
    }

    @Test
    void v1BodyOfExactlyMaxIsFramedAndOneMoreByteIsRefused() {
        // 83 80 80 5a <u32> payload: 8 bytes of heads.
        byte[] frame = V1Outbound.frame(message(CborV1.MAX_BODY_LEN - 8));
        assertEquals(4 + CborV1.MAX_BODY_LEN, frame.length);
        assertEquals("01000000835a", Vectors.hex(Arrays.copyOf(frame, 4)) + Vectors.hex(new byte[] {frame[4], frame[7]}));

        WireException e = assertThrows(WireException.class, () -> V1Outbound.frame(message(CborV1.MAX_BODY_LEN - 7)));
        assertEquals(OckamException.Kind.TRANSPORT, e.kind());
    }

    @Test
    void legacyBodyOf65535IsFramedAndOneMoreByteIsRefused() {
        // 01 00 00 <uvarint 3 bytes> payload: 6 bytes before the payload.
        assertEquals(2 + 65535, LegacyOutbound.frame(message(65535 - 6)).length);
        WireException e = assertThrows(WireException.class, () -> LegacyOutbound.frame(message(65535 - 5)));
        assertEquals(OckamException.Kind.TRANSPORT, e.kind());
    }

    @Test
    void legacyFramesCarryVersion1WithoutTracingContext() {
        TransportMessage traced = new TransportMessage(Route.of("a"), Route.of("b"), new byte[] {1}, "{}");
        byte[] frame = LegacyOutbound.frame(traced);
        assertEquals("000b" + "01" + "0100" + "0161" + "0100" + "0162" + "0101", Vectors.hex(frame));
    }

    @Test
    void longTracingContextStaysOneDefiniteString() {
        String tracing = "x".repeat(100_000); // Jackson's writeString() would chunk this; we must not
        byte[] body = CborV1.encodeBody(new TransportMessage(Route.empty(), Route.empty(), new byte[0], tracing));
        assertEquals("848080407a000186a0", Vectors.hex(Arrays.copyOf(body, 9)));
        assertEquals(tracing, CborV1.decodeBody(body).tracingContext());
    }

    private static TransportMessage message(int payloadLength) {
        return new TransportMessage(Route.empty(), Route.empty(), new byte[payloadLength]);
    }
}
