package dev.ockamj.node.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** vectors/bare-enums.json: a sealed interface of records has the bytes of the Rust enum it mirrors. */
class BareEnumVectorsTest {

    /** {@code enum PortalMessageV1 { Ping, Pong, Disconnect, Payload(Vec<u8>) }}, variants in the same order. */
    sealed interface PortalMessageV1 permits Ping, Pong, Disconnect, Payload {
    }

    record Ping() implements PortalMessageV1 {
    }

    record Pong() implements PortalMessageV1 {
    }

    record Disconnect() implements PortalMessageV1 {
    }

    record Payload(byte[] data) implements PortalMessageV1 {
    }

    private static JsonNode vectors() throws IOException {
        try (InputStream in = BareEnumVectorsTest.class.getResourceAsStream("/vectors/bare-enums.json")) {
            assertTrue(in != null, "vectors/bare-enums.json is not on the test class path");
            return new ObjectMapper().readTree(in);
        }
    }

    private static PortalMessageV1 value(String variant, byte[] payload) {
        return switch (variant) {
            case "Ping" -> new Ping();
            case "Pong" -> new Pong();
            case "Disconnect" -> new Disconnect();
            case "Payload" -> new Payload(payload);
            default -> throw new AssertionError("unknown variant " + variant);
        };
    }

    @Test
    void eachVariantHasTheRustEnumsBytes() throws IOException {
        JsonNode cases = vectors().get("cases");
        assertFalse(cases.isEmpty());
        HexFormat hex = HexFormat.of();
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            byte[] expected = hex.parseHex(c.get("hex").asText());
            PortalMessageV1 v = value(c.get("variant").asText(), hex.parseHex(c.get("payload_hex").asText()));
            // by runtime class (what a node does when the body leaves the JVM) and by the interface
            assertArrayEquals(expected, Bare.encode(v), name);
            assertArrayEquals(expected, Bare.encode(v, PortalMessageV1.class), name);
            PortalMessageV1 back = Bare.decode(expected, PortalMessageV1.class);
            assertEquals(v.getClass(), back.getClass(), name);
            if (back instanceof Payload p) {
                assertArrayEquals(((Payload) v).data(), p.data(), name);
            }
            // and as the record itself
            assertEquals(v.getClass(), Bare.decode(expected, v.getClass()).getClass(), name);
        }
    }

    @Test
    void invalidBytesAreDecodeErrors() throws IOException {
        for (JsonNode c : vectors().get("invalid")) {
            byte[] bytes = HexFormat.of().parseHex(c.get("hex").asText());
            CodecException e = assertThrows(CodecException.class, () -> Bare.decode(bytes, PortalMessageV1.class),
                    c.get("name").asText());
            assertTrue(e.getMessage().contains(c.get("error").asText()), c.get("name").asText() + ": " + e.getMessage());
        }
    }

    @Test
    void aRecordDecodesOnlyItsOwnVariant() {
        CodecException e = assertThrows(CodecException.class, () -> Bare.decode(new byte[] {1}, Ping.class));
        assertTrue(e.getMessage().contains("Pong, not a"), e.getMessage());
    }
}
