package dev.ockamj.identity.internal.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.identity.internal.vault.X25519;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * vectors/noise-xx.json: Ockam's own known-answer tests of its Noise XX handshake (handshake.rs at fb8fb64,
 * test_initialization, test_full_handshake1 and 2), which use the standard protocol name; the same
 * implementation runs Ockam's production name.
 */
class NoiseXxVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vectors() throws IOException {
        try (InputStream in = NoiseXxVectorsTest.class.getResourceAsStream("/vectors/noise-xx.json")) {
            assertNotNull(in, "vectors/noise-xx.json is not on the test class path");
            return new ObjectMapper().readTree(in);
        }
    }

    private static byte[] hex(JsonNode c, String field) {
        return HEX.parseHex(c.get(field).asText());
    }

    @Test
    void theNamesAreThoseOfTheSource() throws IOException {
        JsonNode v = vectors();
        assertArrayEquals(hex(v, "protocol_name_hex"), NoiseXx.NOISE_PROTOCOL_NAME);
        assertArrayEquals(hex(v, "production_protocol_name_hex"), NoiseXx.OCKAM_PROTOCOL_NAME);
    }

    @Test
    void initialization() throws IOException {
        JsonNode c = vectors().get("test_initialization");
        NoiseXx hs = NoiseXx.start(NoiseXx.Role.INITIATOR, X25519.generatePrivateKey());
        NoiseXx test = new NoiseXx(NoiseXx.Role.INITIATOR, hex(c, "protocol_name_hex"),
                X25519.generatePrivateKey(), X25519.generatePrivateKey());
        assertArrayEquals(hex(c, "expected_h_hex"), test.handshakeHash());
        assertArrayEquals(hex(c, "expected_ck_hex"), test.chainingKey());
        assertEquals(c.get("expected_n").asLong(), test.nonce());
        // production: the same rule on the other name
        assertArrayEquals(NoiseXx.OCKAM_PROTOCOL_NAME, hs.chainingKey());
    }

    @Test
    void fullHandshakesProduceOckamsBytesAndAgreeOnKeys() throws IOException {
        JsonNode cases = vectors().get("cases");
        assertFalse(cases.isEmpty());
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            byte[] protocol = hex(c, "protocol_name_hex");
            NoiseXx initiator = new NoiseXx(NoiseXx.Role.INITIATOR, protocol,
                    hex(c, "initiator_static_private_hex"), hex(c, "initiator_ephemeral_private_hex"));
            NoiseXx responder = new NoiseXx(NoiseXx.Role.RESPONDER, protocol,
                    hex(c, "responder_static_private_hex"), hex(c, "responder_ephemeral_private_hex"));

            byte[] m1 = initiator.writeMessage1(hex(c, "message1_payload_hex"));
            assertArrayEquals(hex(c, "message1_hex"), m1, name + " message 1");
            assertArrayEquals(hex(c, "message1_payload_hex"), responder.readMessage1(m1), name);
            byte[] m2 = responder.writeMessage2(hex(c, "message2_payload_hex"));
            assertArrayEquals(hex(c, "message2_hex"), m2, name + " message 2");
            assertArrayEquals(hex(c, "message2_payload_hex"), initiator.readMessage2(m2), name);
            byte[] m3 = initiator.writeMessage3(hex(c, "message3_payload_hex"));
            assertArrayEquals(hex(c, "message3_hex"), m3, name + " message 3");
            assertArrayEquals(hex(c, "message3_payload_hex"), responder.readMessage3(m3), name);

            assertTrue(initiator.isDone() && responder.isDone(), name);
            assertArrayEquals(X25519.publicKey(hex(c, "responder_static_private_hex")), initiator.remoteStaticKey(), name);
            assertArrayEquals(X25519.publicKey(hex(c, "initiator_static_private_hex")), responder.remoteStaticKey(), name);
            // each side decrypts with the key the other encrypts with
            assertArrayEquals(initiator.keys().encryptionKey(), responder.keys().decryptionKey(), name);
            assertArrayEquals(responder.keys().encryptionKey(), initiator.keys().decryptionKey(), name);
            assertFalse(java.util.Arrays.equals(initiator.keys().encryptionKey(), initiator.keys().decryptionKey()), name);
        }
    }

    @Test
    void ockamsProductionNameGivesTheIndependentlyComputedBytesAndKeys() throws IOException {
        JsonNode v;
        try (InputStream in = NoiseXxVectorsTest.class.getResourceAsStream("/vectors/noise-xx-ockam-name.json")) {
            assertNotNull(in);
            v = new ObjectMapper().readTree(in);
        }
        assertArrayEquals(hex(v, "protocol_name_hex"), NoiseXx.OCKAM_PROTOCOL_NAME);
        for (JsonNode c : v.get("cases")) {
            NoiseXx initiator = new NoiseXx(NoiseXx.Role.INITIATOR, NoiseXx.OCKAM_PROTOCOL_NAME,
                    hex(c, "initiator_static_private_hex"), hex(c, "initiator_ephemeral_private_hex"));
            NoiseXx responder = new NoiseXx(NoiseXx.Role.RESPONDER, NoiseXx.OCKAM_PROTOCOL_NAME,
                    hex(c, "responder_static_private_hex"), hex(c, "responder_ephemeral_private_hex"));
            byte[] m1 = initiator.writeMessage1(hex(c, "message1_payload_hex"));
            assertArrayEquals(hex(c, "message1_hex"), m1);
            responder.readMessage1(m1);
            byte[] m2 = responder.writeMessage2(hex(c, "message2_payload_hex"));
            assertArrayEquals(hex(c, "message2_hex"), m2);
            initiator.readMessage2(m2);
            byte[] m3 = initiator.writeMessage3(hex(c, "message3_payload_hex"));
            assertArrayEquals(hex(c, "message3_hex"), m3);
            responder.readMessage3(m3);
            // Ockam's direction of the split keys
            assertArrayEquals(hex(c, "k2_hex"), initiator.keys().encryptionKey());
            assertArrayEquals(hex(c, "k1_hex"), initiator.keys().decryptionKey());
            assertArrayEquals(hex(c, "k1_hex"), responder.keys().encryptionKey());
            assertArrayEquals(hex(c, "k2_hex"), responder.keys().decryptionKey());
        }
    }
}
