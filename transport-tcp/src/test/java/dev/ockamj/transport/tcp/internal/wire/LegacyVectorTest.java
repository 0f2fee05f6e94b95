package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Feeding.concat;
import static dev.ockamj.transport.tcp.internal.wire.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

/** Every case of vectors/legacy-bare.json (docs/wire.md §12), through the codec and the inbound state machine. */
class LegacyVectorTest {

    private static final byte[] HEARTBEAT_FRAME = hex("000401000000");

    @Test
    void fileHeaderMatchesTheImplementation() {
        JsonNode file = Vectors.file(Vectors.LEGACY);
        assertEquals(LegacyBare.MAX_BODY_LEN, file.get("max_body_len").asInt());
        assertEquals("", file.get("handshake").get("send_hex").asText());
    }

    @TestFactory
    Stream<DynamicNode> validCases() {
        return Vectors.cases(Vectors.LEGACY, "valid").stream().map(c -> {
            TransportMessage message = Vectors.message(c);
            // docs/wire.md §9: a version-1 body has no tracing context; whatever follows its payload is ignored.
            TransportMessage decoded = c.get("message").get("version").asInt() == 1
                    ? new TransportMessage(message.onwardRoute(), message.returnRoute(), message.payload())
                    : message;
            byte[] body = hex(c.get("body_hex").asText());
            byte[] frame = hex(c.get("frame_hex").asText());
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(dynamicTest("frame_hex is u16be length ‖ body_hex", () ->
                    assertArrayEquals(concat(ByteBuffer.allocate(2).putShort((short) body.length).array(), body), frame)));
            if (c.get("encoder_must_produce_exactly").asBoolean()) {
                tests.add(dynamicTest("encodeBody is byte-exact", () -> {
                    assertEquals(hex(body), hex(LegacyBare.encodeBody(message)));
                    assertEquals(body.length, LegacyBare.bodyLength(message));
                }));
                tests.add(dynamicTest("LegacyOutbound.frame is byte-exact", () ->
                        assertEquals(hex(frame), hex(LegacyOutbound.frame(message)))));
            }
            tests.add(dynamicTest("decodeBody yields the message", () ->
                    assertEquals(decoded, LegacyBare.decodeBody(body))));
            for (Chunking chunking : Chunking.values()) {
                tests.add(dynamicTest("LegacyInbound, " + chunking, () ->
                        assertEquals(List.of(decoded.isHeartbeat() ? new Outcome.Heartbeat() : new Outcome.Deliver(decoded)),
                                Feeding.legacy(frame, true, chunking, 1))));
            }
            return dynamicContainer(c.get("name").asText(), tests);
        });
    }

    @TestFactory
    Stream<DynamicNode> invalidCases() {
        return Vectors.cases(Vectors.LEGACY, "invalid").stream().map(c -> {
            byte[] input = hex(c.get("input_hex").asText());
            boolean eof = "EOF".equals(Vectors.text(c, "then"));
            Expected expected = Expected.of(c);
            List<DynamicTest> tests = new ArrayList<>();
            for (Chunking chunking : Chunking.values()) {
                if (expected == Expected.CLOSE) {
                    tests.add(dynamicTest("closes, " + chunking, () -> Expected.assertSingleClose(
                            Feeding.legacy(input, eof, chunking, 7), CloseReason.TRUNCATED_FRAME)));
                } else {
                    tests.add(dynamicTest("drops the message and goes on, " + chunking, () -> {
                        // A heartbeat after the bad frame must still be read: the connection stays open.
                        List<Outcome> outcomes = Feeding.legacy(concat(input, HEARTBEAT_FRAME), eof, chunking, 7);
                        assertEquals(2, outcomes.size(), outcomes::toString);
                        Outcome.Drop drop = assertInstanceOf(Outcome.Drop.class, outcomes.get(0));
                        Expected.assertLoggable(drop.reason());
                        assertEquals(new Outcome.Heartbeat(), outcomes.get(1));
                    }));
                }
            }
            if (expected == Expected.DROP) {
                tests.add(dynamicTest("does not close the connection", () -> {
                    LegacyInbound inbound = new LegacyInbound();
                    inbound.feed(ByteBuffer.wrap(input), o -> { });
                    assertFalse(inbound.isClosed());
                }));
            }
            return dynamicContainer(c.get("name").asText(), tests);
        });
    }
}
