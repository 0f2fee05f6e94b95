package dev.ockamj.transport.tcp.internal.portal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * vectors/portal-messages.json: ockamj's {@link PortalMessage} has the bytes of Ockam's
 * {@code ockam_transport_tcp/src/portal/portal_message.rs} at fb8fb64, both ways.
 */
class PortalMessageVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode file() throws IOException {
        try (InputStream in = PortalMessageVectorsTest.class.getResourceAsStream("/vectors/portal-messages.json")) {
            assertNotNull(in, "vectors/portal-messages.json is not on the test class path");
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        assertFalse(out.isEmpty());
        return out;
    }

    /** The payload a case describes: given in hex, or generated as bytes {@code i % 251}. */
    private static byte[] payload(JsonNode c) {
        JsonNode m = c.get("message");
        int len = m.get("payload_len").asInt();
        byte[] data;
        if (m.has("payload_generated")) {
            assertEquals("i % 251", m.get("payload_generated").asText(), c.get("name").asText());
            data = new byte[len];
            for (int i = 0; i < len; i++) {
                data[i] = (byte) (i % 251);
            }
        } else {
            data = HEX.parseHex(m.get("payload_hex").asText());
        }
        assertEquals(len, data.length, c.get("name").asText() + ": payload_len");
        return data;
    }

    /** The whole message a case gives: {@code hex}, or {@code hex_prefix} followed by the generated payload. */
    private static byte[] wire(JsonNode c) {
        if (c.has("hex")) {
            return HEX.parseHex(c.get("hex").asText());
        }
        byte[] prefix = HEX.parseHex(c.get("hex_prefix").asText());
        byte[] body = payload(c);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    private static byte[] encode(JsonNode c) {
        String type = c.get("message").get("type").asText();
        return switch (type) {
            case "Ping" -> PortalMessage.PING.clone();
            case "Pong" -> PortalMessage.PONG.clone();
            case "Disconnect" -> PortalMessage.DISCONNECT.clone();
            case "Payload" -> {
                byte[] data = payload(c);
                // from an offset inside a larger array, as a socket reader does
                byte[] padded = new byte[data.length + 7];
                System.arraycopy(data, 0, padded, 3, data.length);
                yield PortalMessage.payload(padded, 3, data.length);
            }
            default -> throw new AssertionError("unknown type " + type);
        };
    }

    private static void assertDecodesTo(JsonNode c, PortalMessage decoded) {
        String name = c.get("name").asText();
        JsonNode m = c.get("message");
        switch (m.get("type").asText()) {
            case "Ping" -> assertInstanceOf(PortalMessage.Ping.class, decoded, name);
            case "Pong" -> assertInstanceOf(PortalMessage.Pong.class, decoded, name);
            case "Disconnect" -> assertInstanceOf(PortalMessage.Disconnect.class, decoded, name);
            case "Payload" -> {
                PortalMessage.Payload p = assertInstanceOf(PortalMessage.Payload.class, decoded, name);
                assertArrayEquals(payload(c), p.bytes(), name + ": payload");
                assertEquals(m.get("payload_len").asInt(), p.length(), name + ": length");
                JsonNode counter = m.get("counter");
                assertEquals(counter == null || counter.isNull() ? -1 : counter.asInt(), p.counter(), name + ": counter");
            }
            default -> throw new AssertionError("unknown type " + m.get("type").asText());
        }
    }

    @Test
    void maxPayloadSizeIsRusts() throws IOException {
        assertEquals(file().get("max_payload_size").asInt(), PortalMessage.MAX_PAYLOAD_SIZE);
        assertEquals(48 * 1024, PortalMessage.MAX_PAYLOAD_SIZE);
    }

    @Test
    void encoderWritesExactlyOckamsBytes() throws IOException {
        int n = 0;
        for (JsonNode c : list(file().get("cases"))) {
            if (!c.get("encoder_must_produce_exactly").asBoolean()) {
                continue;
            }
            String name = c.get("name").asText();
            byte[] expected = wire(c);
            byte[] got = encode(c);
            assertArrayEquals(expected, got, name + ": expected " + HEX.formatHex(expected, 0, Math.min(40, expected.length))
                    + "…, got " + HEX.formatHex(got, 0, Math.min(40, got.length)) + "…");
            n++;
        }
        assertEquals(7, n, "encode vectors");
    }

    @Test
    void decoderReadsEveryValidVectorBack() throws IOException {
        for (JsonNode c : list(file().get("cases"))) {
            byte[] bytes = wire(c);
            PortalMessage decoded = PortalMessage.decode(bytes);
            assertDecodesTo(c, decoded);
            if (decoded instanceof PortalMessage.Payload p) {
                assertTrue(p.data() == bytes, c.get("name").asText() + ": the payload is not copied");
            }
        }
    }

    @Test
    void encodedThenDecodedIsTheSameMessage() throws IOException {
        for (JsonNode c : list(file().get("cases"))) {
            if (c.get("encoder_must_produce_exactly").asBoolean()) {
                assertDecodesTo(c, PortalMessage.decode(encode(c)));
            }
        }
    }

    @Test
    void invalidInputsAreRejectedWithAMessage() throws IOException {
        List<JsonNode> invalid = list(file().get("invalid"));
        for (JsonNode c : invalid) {
            String name = c.get("name").asText();
            byte[] bytes = HEX.parseHex(c.get("hex").asText());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortalMessage.decode(bytes),
                    name);
            assertNotNull(e.getMessage(), name);
            assertTrue(e.getMessage().contains(c.get("error").asText()), name + ": " + e.getMessage());
        }
        assertEquals(5, invalid.size());
    }

    @Test
    void aPayloadLargerThanMaxIsNotEncoded() {
        byte[] big = new byte[PortalMessage.MAX_PAYLOAD_SIZE + 1];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PortalMessage.payload(big, 0, big.length));
        assertTrue(e.getMessage().contains(String.valueOf(PortalMessage.MAX_PAYLOAD_SIZE)), e.getMessage());
    }
}
