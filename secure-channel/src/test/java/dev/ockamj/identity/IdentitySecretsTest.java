package dev.ockamj.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A node's identity survives export and parse, and damaged secrets are refused with a reason. */
class IdentitySecretsTest {

    @Test
    void exportedSecretsParseToTheSameIdentity() {
        IdentitySecrets s = IdentitySecrets.generate();
        IdentitySecrets back = IdentitySecrets.parse(s.export());
        assertEquals(s.identity(), back.identity());
        assertFalse(s.toString().contains(s.export().split("\n")[2].split(" ")[2]), "toString must not show the key");
    }

    @Test
    void aP256IdentityIsExportedAndParsedToo() {
        IdentitySecrets s = IdentitySecrets.generate(KeyKind.P256);
        assertEquals("P-256", s.identity().keyType());
        assertEquals(s.identity(), IdentitySecrets.parse(s.export()).identity());
        String other = IdentitySecrets.generate(KeyKind.P256).export().split("\n")[2];
        assertThrows(IdentityException.class, () -> IdentitySecrets.parse(s.export().replace(s.export().split("\n")[2], other)));
    }

    @Test
    void damagedSecretsAreRefused() {
        String good = IdentitySecrets.generate().export();
        assertThrows(IdentityException.class, () -> IdentitySecrets.parse("hello"));
        assertThrows(IdentityException.class, () -> IdentitySecrets.parse(good.replaceAll("signing-key.*\n", "")));
        // another identity's key with this history
        String otherKey = IdentitySecrets.generate().export().split("\n")[2];
        IdentityException e = assertThrows(IdentityException.class,
                () -> IdentitySecrets.parse(good.replace(good.split("\n")[2], otherKey)));
        assertTrue(e.getMessage().contains("not the identity's current key"), e.getMessage());
    }
}
