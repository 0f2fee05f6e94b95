package dev.ockamj.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.OckamException;
import org.junit.jupiter.api.Test;

/** Join and seed addresses go through ockamj's one host:port parser. */
class MemberAddressTest {
    private static final akka.actor.Address SELF = new akka.actor.Address("akka", "demo", "127.0.0.1", 25520);

    @Test
    void parsesIpv4NamesAndBracketedIpv6() {
        assertEquals(new akka.actor.Address("akka", "demo", "10.0.0.7", 25521), ClusterNode.memberAddress(SELF, "10.0.0.7:25521"));
        assertEquals(new akka.actor.Address("akka", "demo", "seed.example", 2552), ClusterNode.memberAddress(SELF, "seed.example:2552"));
        akka.actor.Address v6 = ClusterNode.memberAddress(SELF, "[::1]:25520");
        assertEquals("[::1]", v6.host().get());
        assertEquals(25520, (int) v6.port().get());
    }

    @Test
    void aBadSeedIsAnOckamExceptionNamingIt() {
        for (String bad : new String[] {"nonsense", "host:", ":25520", "::1:25520", "host:99999", "host:2a", "[::1]25520"}) {
            OckamException e = assertThrows(OckamException.class, () -> ClusterNode.memberAddress(SELF, bad), bad);
            assertEquals(OckamException.Kind.INVALID_ADDRESS, e.kind());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
