package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Feeding.concat;
import static dev.ockamj.transport.tcp.internal.wire.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ockamj.transport.tcp.internal.wire.Feeding.Chunking;
import dev.ockamj.transport.tcp.internal.wire.Outcome.CloseReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every case of vectors/tcp-v1.json (docs/wire.md §12), through the codec and the inbound state machine. */
class TcpV1VectorTest {

    private static final byte[] HEARTBEAT_FRAME = hex("0000000483808040");

    @Test
    void fileHeaderMatchesTheImplementation() {
        JsonNode file = Vectors.file(Vectors.TCP_V1);
        assertEquals(CborV1.MAX_BODY_LEN, file.get("max_body_len").asInt());
        assertEquals(hex(V1Outbound.handshake()), file.get("handshake").get("send_hex").asText());
        assertEquals(hex(V1Outbound.handshake()), file.get("handshake").get("expect_from_peer_hex").asText());
    }

    @TestFactory
    Stream<DynamicNode> validCases() {
        return Vectors.cases(Vectors.TCP_V1, "valid").stream().map(c -> {
            String name = c.get("name").asText();
            TransportMessage message = Vectors.message(c);
            byte[] body = hex(c.get("cbor_hex").asText());
            byte[] frame = hex(c.get("frame_hex").asText());
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(dynamicTest("frame_hex is u32be length ‖ cbor_hex", () ->
                    assertArrayEquals(concat(ByteBuffer.allocate(4).putInt(body.length).array(), body), frame)));
            if (c.get("encoder_must_produce_exactly").asBoolean()) {
                tests.add(dynamicTest("encodeBody is byte-exact", () -> {
                    assertEquals(hex(body), hex(CborV1.encodeBody(message)));
                    assertEquals(body.length, CborV1.bodyLength(message));
                }));
                tests.add(dynamicTest("V1Outbound.frame is byte-exact", () ->
                        assertEquals(hex(frame), hex(V1Outbound.frame(message)))));
            }
            tests.add(dynamicTest("decodeBody yields the message", () ->
                    assertEquals(message, CborV1.decodeBody(body))));
            for (Chunking chunking : Chunking.values()) {
                tests.add(dynamicTest("V1Inbound, " + chunking, () -> {
                    List<Outcome> outcomes = Feeding.v1(concat(V1Outbound.handshake(), frame), true, chunking, 1);
                    assertEquals(List.of(message.isHeartbeat() ? new Outcome.Heartbeat() : new Outcome.Deliver(message)),
                            outcomes);
                }));
            }
            return dynamicContainer(name, tests);
        });
    }

    @TestFactory
    Stream<DynamicNode> invalidCases() {
        return Vectors.cases(Vectors.TCP_V1, "invalid").stream().map(c -> {
            assertEquals(Expected.CLOSE, Expected.of(c), "the current protocol never drops and goes on");
            byte[] handshake = hex(c.get("peer_handshake_hex").asText());
            byte[] input = hex(c.get("input_hex").asText());
            boolean eof = "EOF".equals(Vectors.text(c, "then"));
            CloseReason reason = expectedReason(handshake, input, eof);
            List<DynamicTest> tests = new ArrayList<>();
            for (Chunking chunking : Chunking.values()) {
                tests.add(dynamicTest("closes with " + reason + ", " + chunking, () ->
                        Expected.assertSingleClose(Feeding.v1(concat(handshake, input), eof, chunking, 7), reason)));
            }
            tests.add(dynamicTest("ignores a valid frame after the close", () -> {
                V1Inbound inbound = new V1Inbound();
                List<Outcome> outcomes = new ArrayList<>();
                inbound.feed(ByteBuffer.wrap(concat(handshake, input)), outcomes::add);
                if (eof) {
                    inbound.onEof().ifPresent(outcomes::add);
                }
                inbound.feed(ByteBuffer.wrap(HEARTBEAT_FRAME), outcomes::add);
                assertTrue(inbound.isClosed());
                assertInstanceOf(Outcome.Close.class, outcomes.get(outcomes.size() - 1));
                assertEquals(1, outcomes.size(), outcomes::toString);
            }));
            return dynamicContainer(c.get("name").asText(), tests);
        });
    }

    /** The close reason follows from the case's data: bad version byte, EOF, too-long prefix, or else the body. */
    private static CloseReason expectedReason(byte[] handshake, byte[] input, boolean eof) {
        if (handshake.length != 1 || handshake[0] != V1Inbound.PROTOCOL_VERSION) {
            return CloseReason.UNSUPPORTED_PROTOCOL_VERSION;
        }
        if (input.length >= 4 && Integer.toUnsignedLong(ByteBuffer.wrap(input).getInt()) > CborV1.MAX_BODY_LEN) {
            return CloseReason.FRAME_TOO_LONG;
        }
        return eof ? CloseReason.TRUNCATED_FRAME : CloseReason.DECODE_ERROR;
    }
}
