package dev.ockamj.identity.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.identity.Identifier;
import dev.ockamj.identity.IdentityException;
import dev.ockamj.identity.internal.cbor.CborReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials: Ockam's bytes decoded and their signature checked; issued and verified against an authority. */
class CredentialTest {
    private static final long NOW = System.currentTimeMillis() / 1000;

    private static byte[] refreshCredentialsMessage() throws Exception {
        try (InputStream in = CredentialTest.class.getResourceAsStream("/vectors/channel-messages.json")) {
            assertNotNull(in);
            for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
                if (c.get("name").asText().equals("padded_message_refresh_credentials")) {
                    return HexFormat.of().parseHex(c.get("hex").asText());
                }
            }
        }
        throw new AssertionError("no vector");
    }

    @Test
    void ockamsCredentialDecodesAndItsSignatureVerifiesWithTheAttestedKey() throws Exception {
        // [[1, [[change history, [credential and purpose key]]]], padding]: messages_test.exs, "encoded from rust"
        CborReader r = new CborReader(refreshCredentialsMessage());
        r.array("padded");
        r.array("message");
        assertEquals(1, r.uint("variant"));
        r.array("fields");
        r.array("refresh credentials");
        ChangeHistory history = ChangeHistory.verify(r.rawItem("change history"));
        int n = r.array("credentials");
        assertEquals(1, n);
        Credential c = Credential.read(r);
        PurposeKeyAttestation.Attested issuer = c.issuerKey().decodeUnverified();
        assertTrue(!issuer.isSecureChannelKey() && issuer.credentialKey().type() == KeyType.ED25519);
        assertTrue(c.verifySignature(issuer.credentialKey()), "Ockam's credential verifies with its attested key");
        Credential.Decoded d = c.decodeData();
        assertEquals(history.identifier(), d.subject());
        assertEquals(1, d.schema());
        assertEquals(List.of("ockam-relay", "ockam-role", "project_id", "trust_context_id"), new ArrayList<>(d.attributes().keySet()));
        // and re-encoded exactly
        byte[] again = c.encode();
        assertEquals(HexFormat.of().formatHex(again), HexFormat.of().formatHex(Credential.decode(again).encode()));
        // a changed byte of the data: the signature no longer verifies
        byte[] data = c.data().clone();
        data[data.length - 1] ^= 1;
        assertTrue(!new Credential(data, c.signature(), c.issuerKey()).verifySignature(issuer.credentialKey()));
    }

    private record Authority(ChangeHistory history, SigningKey identityKey, SigningKey credentialKey,
                             PurposeKeyAttestation attestation) {
        static Authority create() {
            SigningKey identityKey = SigningKey.generate(KeyType.ED25519);
            ChangeHistory h = Changes.create(identityKey, NOW);
            SigningKey credentialKey = SigningKey.generate(KeyType.ED25519);
            PurposeKeyAttestation a = PurposeKeyAttestation.createCredentialSigning(h.identifier(), h.latestHash(),
                    credentialKey.publicKeyBytes(), NOW, NOW + 3600, identityKey::sign);
            return new Authority(h, identityKey, credentialKey, a);
        }

        Credential issue(ChangeHistory subject, Map<String, String> attributes, long expires) {
            return Credential.issue(subject.identifier(), subject.latestHash(), 1, attributes, NOW, expires,
                    credentialKey, attestation);
        }
    }

    @Test
    void aCredentialVerifiesAgainstItsAuthorityAndGivesItsAttributes() {
        Authority authority = Authority.create();
        ChangeHistory member = Changes.create(SigningKey.generate(KeyType.ED25519), NOW);
        Credential c = Credential.decode(authority.issue(member, Map.of("role", "member", "project", "p1"), NOW + 600).encode());
        Credential.Verified v = c.verify(member.identifier(), List.of(authority.history()), NOW);
        assertEquals(Map.of("project", "p1", "role", "member"), v.attributes());
        assertEquals(authority.history().identifier(), v.issuer());
    }

    @Test
    void aCredentialIsRefusedForEveryReasonOckamRefusesOne() {
        Authority authority = Authority.create();
        Authority stranger = Authority.create();
        ChangeHistory member = Changes.create(SigningKey.generate(KeyType.ED25519), NOW);
        ChangeHistory other = Changes.create(SigningKey.generate(KeyType.ED25519), NOW);
        Credential good = authority.issue(member, Map.of("role", "member"), NOW + 600);
        assertContains("not a trusted authority", () -> good.verify(member.identifier(), List.of(stranger.history()), NOW));
        assertContains("is of", () -> good.verify(other.identifier(), List.of(authority.history()), NOW));
        assertContains("expired", () -> good.verify(member.identifier(), List.of(authority.history()), NOW + 700));
        Credential outlives = authority.issue(member, Map.of(), NOW + 7200); // beyond its issuer key's hour
        assertContains("outside its issuer key", () -> outlives.verify(member.identifier(), List.of(authority.history()), NOW));
        // signed by a key the attestation does not attest
        Credential forged = Credential.issue(member.identifier(), member.latestHash(), 1, Map.of("role", "admin"), NOW,
                NOW + 600, stranger.credentialKey(), authority.attestation());
        assertContains("signature does not verify", () -> forged.verify(member.identifier(), List.of(authority.history()), NOW));
    }

    private static void assertContains(String text, org.junit.jupiter.api.function.Executable e) {
        IdentityException x = assertThrows(IdentityException.class, e);
        assertTrue(x.getMessage().contains(text), x.getMessage());
    }
}
