package dev.ockamj.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.identity.internal.model.ChangeData;
import dev.ockamj.identity.internal.model.ChangeHistory;
import dev.ockamj.identity.internal.model.VersionedData;
import dev.ockamj.identity.internal.vault.Ed25519;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** vectors/identities.json: change histories from Ockam's sources (fb8fb64), decoded, verified and named exactly. */
class IdentityVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static JsonNode vectors() throws IOException {
        try (InputStream in = IdentityVectorsTest.class.getResourceAsStream("/vectors/identities.json")) {
            assertNotNull(in, "vectors/identities.json is not on the test class path");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyHistoryVerifiesAndHasItsIdentifier() throws IOException {
        int named = 0;
        for (JsonNode c : vectors().get("cases")) {
            String name = c.get("name").asText();
            Identity identity = Identity.importHex(c.get("change_history_hex").asText());
            assertEquals(c.get("changes").asInt(), identity.changeCount(), name);
            assertEquals(c.get("key_type").asText().equals("EdDSACurve25519") ? "Ed25519" : "P-256", identity.keyType(), name);
            // exported exactly as imported
            assertEquals(c.get("change_history_hex").asText(), identity.exportHex(), name);
            if (c.hasNonNull("identifier")) {
                assertEquals(c.get("identifier").asText(), identity.identifier().toString(), name);
                assertEquals(identity, Identity.importChangeHistory(Identifier.parse(c.get("identifier").asText()),
                        identity.changeHistory()), name);
                named++;
            }
        }
        assertTrue(named >= 6, "vectors with an identifier: " + named);
    }

    @Test
    void ourEncoderWritesTheSameBytesAsMinicbor() throws IOException {
        for (JsonNode c : vectors().get("cases")) {
            byte[] bytes = HEX.parseHex(c.get("change_history_hex").asText());
            ChangeHistory h = ChangeHistory.verify(bytes);
            assertArrayEquals(bytes, ChangeHistory.encode(h.changes()), c.get("name").asText());
            for (var change : h.changes()) {
                ChangeData d = ChangeData.decode(VersionedData.decode(change.data(), VersionedData.CHANGE, "change"));
                assertArrayEquals(change.data(), VersionedData.encode(VersionedData.CHANGE, d.encode()), c.get("name").asText());
            }
        }
    }

    @Test
    void theExamplesSecretSeedsReproduceTheirPublicKeysAndSignatures() throws IOException {
        int seeds = 0;
        for (JsonNode c : vectors().get("cases")) {
            if (!c.hasNonNull("ed25519_secret_seed_hex")) {
                continue;
            }
            byte[] seed = HEX.parseHex(c.get("ed25519_secret_seed_hex").asText());
            ChangeHistory h = ChangeHistory.verify(HEX.parseHex(c.get("change_history_hex").asText()));
            var change = h.changes().get(0);
            ChangeData d = ChangeData.decode(VersionedData.decode(change.data(), VersionedData.CHANGE, "change"));
            assertArrayEquals(d.primaryPublicKey().bytes(), Ed25519.publicKey(seed), c.get("name").asText());
            // Ed25519 is deterministic: the same seed signs the same digest to the same bytes
            assertArrayEquals(change.signature().bytes(),
                    Ed25519.sign(seed, dev.ockamj.identity.internal.vault.Sha256.hash(change.data())), c.get("name").asText());
            seeds++;
        }
        assertTrue(seeds >= 3, "vectors with a seed: " + seeds);
    }

    @Test
    void aChangedByteAnywhereIsRefused() throws IOException {
        JsonNode c = vectors().get("cases").get(0);
        byte[] good = HEX.parseHex(c.get("change_history_hex").asText());
        int refused = 0;
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            try {
                Identity changed = Identity.importChangeHistory(bad);
                // a flip may still decode and verify only if it changes nothing signed: never for this history
                throw new AssertionError("byte " + i + " flipped and still verified as " + changed.identifier());
            } catch (IdentityException expected) {
                refused++;
            }
        }
        assertEquals(good.length, refused);
        assertThrows(IdentityException.class, () -> Identity.importHex("81"));
        assertThrows(IdentityException.class, () -> Identity.importHex("80"));
        assertThrows(IdentityException.class, () -> Identity.importHex("zz"));
    }

    @Test
    void identifiersParseAndRefuseBadText() {
        Identifier i = Identifier.parse(" I923829d0397a06fa862be5a87b7966959b8ef99ab6455b843ca9131a747b4819\n");
        assertEquals("I923829d0397a06fa862be5a87b7966959b8ef99ab6455b843ca9131a747b4819", i.toString());
        assertThrows(IdentityException.class, () -> Identifier.parse("923829d0"));
        assertThrows(IdentityException.class, () -> Identifier.parse("i923829d0397a06fa862be5a87b7966959b8ef99ab6455b843ca9131a747b4819"));
        assertThrows(IdentityException.class, () -> Identifier.parse("Izz3829d0397a06fa862be5a87b7966959b8ef99ab6455b843ca9131a747b4819"));
    }
}
