package dev.ockamj.command.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Address;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/wire.md §10 examples, round trips, conversions and every rejection with its message. */
class MultiAddrTest {

    private static final Function<String, MultiAddr> NODES = Map.of(
            "n1", MultiAddr.parse("/ip4/127.0.0.1/tcp/4000"),
            "n6", MultiAddr.parse("/ip6/::1/tcp/4001"),
            "nd", MultiAddr.parse("/dnsaddr/localhost/tcp/4002"))::get;

    private static void assertRejected(String text, String expectedMessage) {
        MultiAddrException e = assertThrows(MultiAddrException.class, () -> MultiAddr.parse(text));
        assertEquals(expectedMessage, e.getMessage());
        assertEquals(OckamException.Kind.INVALID_ADDRESS, e.kind());
    }

    // --- §10 examples ---------------------------------------------------------------------------------

    @Test
    void ip4TcpBecomesOneTcpAddress() {
        MultiAddr m = MultiAddr.parse("/ip4/127.0.0.1/tcp/4000");
        assertEquals(List.of(new Segment("ip4", "127.0.0.1"), new Segment("tcp", "4000")), m.segments());
        assertEquals(Route.of(Address.parse("1#127.0.0.1:4000")), m.toRoute());
    }

    @Test
    void ip6TcpBecomesBracketedTcpAddress() {
        assertEquals(Route.parse("1#[::1]:4000"), MultiAddr.parse("/ip6/::1/tcp/4000").toRoute());
    }

    @Test
    void ip6IsCanonicalisedInTheRouteButNotInTheText() {
        MultiAddr m = MultiAddr.parse("/ip6/0:0:0:0:0:0:0:1/tcp/4000");
        assertEquals("/ip6/0:0:0:0:0:0:0:1/tcp/4000", m.toString());
        assertEquals(Route.parse("1#[::1]:4000"), m.toRoute());
        assertEquals(Route.parse("1#[2001:db8::1]:9"), MultiAddr.parse("/ip6/2001:DB8:0:0:0:0:0:1/tcp/9").toRoute());
    }

    @Test
    void dnsaddrWithTcpConnectsToHostPort() {
        assertEquals(Route.parse("1#localhost:4000"), MultiAddr.parse("/dnsaddr/localhost/tcp/4000").toRoute());
    }

    @Test
    void dnsaddrWithoutTcpIsSkipped() {
        assertEquals(Route.parse("0#echo"), MultiAddr.parse("/dnsaddr/localhost/service/echo").toRoute());
        assertEquals(Route.empty(), MultiAddr.parse("/dnsaddr/example.com").toRoute());
    }

    @Test
    void serviceWorkerSecureAreLocal() {
        assertEquals(Route.parse("0#echo"), MultiAddr.parse("/service/echo").toRoute());
        assertEquals(Route.parse("0#0a1b2c3d4e5f67890a1b2c3d4e5f6789"),
                MultiAddr.parse("/worker/0a1b2c3d4e5f67890a1b2c3d4e5f6789").toRoute());
        assertEquals(Route.parse("0#api"), MultiAddr.parse("/secure/api").toRoute());
    }

    @Test
    void selfIsSecureApi() {
        MultiAddr self = MultiAddr.parse("self");
        assertEquals(MultiAddr.parse("/secure/api"), self);
        assertEquals("/secure/api", self.toString());
        assertSame(MultiAddr.self(), self);
        assertEquals(Route.parse("0#api"), self.toRoute());
        // only the whole string is special
        assertRejected("/service/self/self", "invalid multiaddr '/service/self/self': '/self' has no value"
                + " (expected /self/VALUE)");
        assertRejected("self/", "invalid multiaddr 'self/': it must start with '/' (e.g. /service/echo) or be 'self'");
    }

    @Test
    void nodeIsReplacedByItsListener() {
        MultiAddr m = MultiAddr.parse("/node/n1/service/echo");
        assertEquals(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000/service/echo"), m.resolveNodes(NODES));
        assertEquals(Route.parse("1#127.0.0.1:4000 => 0#echo"), m.toRoute(NODES));
        assertEquals(Route.parse("1#[::1]:4001 => 0#uppercase"),
                MultiAddr.parse("/node/n6/service/uppercase").toRoute(NODES));
        assertEquals(Route.parse("1#localhost:4002 => 0#api"), MultiAddr.parse("/node/nd/secure/api").toRoute(NODES));
    }

    @Test
    void routeToMultiaddr() {
        assertEquals(MultiAddr.parse("/service/a/service/b"), MultiAddr.fromRoute(Route.parse("a => 0#b")));
        assertEquals(MultiAddr.empty(), MultiAddr.fromRoute(Route.empty()));
        assertEquals("", MultiAddr.empty().toString());
        assertEquals(Route.empty(), MultiAddr.empty().toRoute());
    }

    // --- round trips ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/127.0.0.1/tcp/4000",
        "/ip4/0.0.0.0/tcp/1",
        "/ip4/255.255.255.255/tcp/65535",
        "/ip6/::1/tcp/4000",
        "/ip6/::/tcp/4000",
        "/ip6/fe80::1:2/tcp/80/service/x",
        "/ip6/::ffff:1.2.3.4/tcp/80",
        "/ip6/1:2:3:4:5:6:7:8/tcp/80",
        "/dnsaddr/localhost/tcp/4000",
        "/dnsaddr/a-b.example.com/tcp/4000/service/echo",
        "/dnsaddr/localhost",
        "/service/echo",
        "/worker/0a1b2c3d/service/x/secure/api",
        "/node/n1/service/uppercase",
        "/node/n1/secure/api/service/echo",
        "/project/default/service/echo",
        "/space/s",
        "/service/échoé",
        "/service/a:b=c,d",
        "/service/😀",
    })
    void roundTrips(String text) {
        MultiAddr m = MultiAddr.parse(text);
        assertEquals(text, m.toString());
        assertEquals(m, MultiAddr.parse(m.toString()));
        assertEquals(m, MultiAddr.of(m.segments()));
        assertEquals(m.hashCode(), MultiAddr.parse(text).hashCode());
    }

    @Test
    void segmentsAreImmutable() {
        MultiAddr m = MultiAddr.parse("/service/a");
        assertThrows(UnsupportedOperationException.class, () -> m.segments().add(new Segment("service", "b")));
    }

    // --- helpers --------------------------------------------------------------------------------------

    @Test
    void tcpHopAndRest() {
        MultiAddr m = MultiAddr.parse("/service/first/ip6/0::1/tcp/4000/service/echo");
        assertEquals(Optional.of(new TcpHop(Protocol.IP6, "::1", 4000)), m.tcpHop());
        assertEquals("[::1]:4000", m.tcpHop().orElseThrow().hostPort());
        assertEquals(MultiAddr.parse("/service/first/service/echo"), m.withoutTcpHop());
        assertEquals(Optional.empty(), MultiAddr.parse("/service/echo").tcpHop());
        assertEquals(Optional.empty(), MultiAddr.parse("/dnsaddr/h").tcpHop());
        assertEquals(Optional.empty(), MultiAddr.parse("/node/n1/service/echo").tcpHop());
        assertTrue(MultiAddr.parse("/ip4/1.2.3.4/tcp/5").withoutTcpHop().isEmpty());
        MultiAddr noHop = MultiAddr.parse("/service/echo");
        assertSame(noHop, noHop.withoutTcpHop());
    }

    @Test
    void appendChecksTheResult() {
        MultiAddr hop = MultiAddr.parse("/ip4/127.0.0.1/tcp/4000");
        assertEquals(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000/service/echo"),
                hop.append(MultiAddr.parse("/service/echo")));
        MultiAddrException e = assertThrows(MultiAddrException.class, () -> hop.append(hop));
        assertEquals("invalid multiaddr '/ip4/127.0.0.1/tcp/4000/ip4/127.0.0.1/tcp/4000': only one TCP hop is"
                + " allowed, but '/ip4/127.0.0.1/tcp/4000' comes after '/ip4/127.0.0.1/tcp/4000'", e.getMessage());
    }

    @Test
    void ofChecksSegments() {
        MultiAddrException e = assertThrows(MultiAddrException.class,
                () -> MultiAddr.of(new Segment("tcp", "4000")));
        assertEquals("invalid multiaddr '/tcp/4000': '/tcp/4000' must follow /ip4, /ip6 or /dnsaddr", e.getMessage());
        assertEquals(MultiAddr.empty(), MultiAddr.of(List.of()));
        assertEquals(Optional.of("n1"), MultiAddr.parse("/node/n1/service/x").first(Protocol.NODE));
        assertFalse(MultiAddr.parse("/service/x").first(Protocol.NODE).isPresent());
    }

    // --- rejections -----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // shape
        "\"\"| it is empty (expected /protocol/value..., e.g. /node/n1/service/echo)",
        "service/echo| it must start with '/' (e.g. /service/echo) or be 'self'",
        "/| it ends with '/' (expected a protocol after it)",
        "//echo| empty protocol at position 1 ('//')",
        "/service| '/service' has no value (expected /service/VALUE)",
        "/service/| '/service' has no value (expected /service/VALUE)",
        "/service//x| '/service' has an empty value",
        "/service/echo/| it ends with '/' (expected a protocol after it)",
        "/service/echo/worker| '/worker' has no value (expected /worker/VALUE)",
        // protocol
        "/udp/4000| '/udp/4000' has an unknown protocol 'udp' (expected one of ip4, ip6, dnsaddr, tcp, service,"
                + " worker, secure, node, project, space)",
        "/SERVICE/echo| '/SERVICE/echo' has an unknown protocol 'SERVICE' (expected one of ip4, ip6, dnsaddr, tcp,"
                + " service, worker, secure, node, project, space)",
        // ip4
        "/ip4/300.1.1.1/tcp/4000| '300.1.1.1' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/1.2.3/tcp/4000| '1.2.3' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/1.2.3.4.5/tcp/4000| '1.2.3.4.5' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/01.2.3.4/tcp/4000| '01.2.3.4' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/1.2.3.00/tcp/4000| '1.2.3.00' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/1..3.4/tcp/4000| '1..3.4' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/localhost/tcp/4000| 'localhost' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/0x7f.0.0.1/tcp/4000| '0x7f.0.0.1' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/+1.2.3.4/tcp/4000| '+1.2.3.4' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/١.2.3.4/tcp/4000| '١.2.3.4' is not an IPv4 address (expected a dotted quad such as 127.0.0.1)",
        "/ip4/127.0.0.1| '/ip4/127.0.0.1' must be followed by /tcp/PORT",
        "/ip4/127.0.0.1/service/echo| '/ip4/127.0.0.1' must be followed by /tcp/PORT",
        // ip6
        "/ip6/[::1]/tcp/4000| '[::1]' is not an IPv6 address (expected a literal such as ::1, without brackets)",
        "/ip6/:::1/tcp/4000| ':::1' is not an IPv6 address (expected a literal such as ::1, without brackets)",
        "/ip6/1::2::3/tcp/4000| '1::2::3' is not an IPv6 address (expected a literal such as ::1, without brackets)",
        "/ip6/1:2:3:4:5:6:7/tcp/4000| '1:2:3:4:5:6:7' is not an IPv6 address (expected a literal such as ::1,"
                + " without brackets)",
        "/ip6/1:2:3:4:5:6:7:8:9/tcp/4000| '1:2:3:4:5:6:7:8:9' is not an IPv6 address (expected a literal such as"
                + " ::1, without brackets)",
        "/ip6/1:2:3:4:5:6:7::8/tcp/4000| '1:2:3:4:5:6:7::8' is not an IPv6 address (expected a literal such as"
                + " ::1, without brackets)",
        "/ip6/12345::/tcp/4000| '12345::' is not an IPv6 address (expected a literal such as ::1, without brackets)",
        "/ip6/fe80::1%eth0/tcp/4000| 'fe80::1%eth0' is not an IPv6 address (expected a literal such as ::1,"
                + " without brackets)",
        "/ip6/1.2.3.4::/tcp/4000| '1.2.3.4::' is not an IPv6 address (expected a literal such as ::1, without"
                + " brackets)",
        "/ip6/localhost/tcp/4000| 'localhost' is not an IPv6 address (expected a literal such as ::1, without"
                + " brackets)",
        "/ip6/::1| '/ip6/::1' must be followed by /tcp/PORT",
        // tcp
        "/ip4/127.0.0.1/tcp/0| '0' is not a TCP port (expected a decimal number 1..65535)",
        "/ip4/127.0.0.1/tcp/65536| '65536' is not a TCP port (expected a decimal number 1..65535)",
        "/ip4/127.0.0.1/tcp/04000| '04000' is not a TCP port (expected a decimal number 1..65535)",
        "/ip4/127.0.0.1/tcp/+4000| '+4000' is not a TCP port (expected a decimal number 1..65535)",
        "/ip4/127.0.0.1/tcp/0x10| '0x10' is not a TCP port (expected a decimal number 1..65535)",
        "/ip4/127.0.0.1/tcp/-1| '-1' is not a TCP port (expected a decimal number 1..65535)",
        "/ip4/127.0.0.1/tcp/99999999999| '99999999999' is not a TCP port (expected a decimal number 1..65535)",
        "/tcp/4000| '/tcp/4000' must follow /ip4, /ip6 or /dnsaddr",
        "/service/echo/tcp/4000| '/tcp/4000' must follow /ip4, /ip6 or /dnsaddr",
        "/node/n1/tcp/4000| '/tcp/4000' must follow /ip4, /ip6 or /dnsaddr",
        "/ip4/1.2.3.4/tcp/1/tcp/2| '/tcp/2' must follow /ip4, /ip6 or /dnsaddr",
        // dnsaddr
        "/dnsaddr/under_score/tcp/1| 'under_score' is not a host name (letters, digits, '-' and '.', at most 253"
                + " characters)",
        "/dnsaddr/-a.com/tcp/1| '-a.com' is not a host name (letters, digits, '-' and '.', at most 253 characters)",
        "/dnsaddr/a..com/tcp/1| 'a..com' is not a host name (letters, digits, '-' and '.', at most 253 characters)",
        "/dnsaddr/a.com./tcp/1| 'a.com.' is not a host name (letters, digits, '-' and '.', at most 253 characters)",
        "/dnsaddr/::1/tcp/1| '::1' is not a host name (letters, digits, '-' and '.', at most 253 characters)",
        // names
        "/service/a#b| 'a#b' is not a valid service name (1 to 255 characters, no '/', '#', spaces or control"
                + " characters)",
        "/worker/a b| 'a b' is not a valid worker name (1 to 255 characters, no '/', '#', spaces or control"
                + " characters)",
        "/node/a\tb| 'a\\u0009b' is not a valid node name (1 to 255 characters, no '/', '#', spaces or control"
                + " characters)",
        "/secure/a\u202eb| 'a\\u202eb' is not a valid secure name (1 to 255 characters, no '/', '#', spaces or"
                + " control characters)",
        "/service/\u00a0| '\\u00a0' is not a valid service name (1 to 255 characters, no '/', '#', spaces or"
                + " control characters)",
        // hops
        "/ip4/1.2.3.4/tcp/1/dnsaddr/h/tcp/2| only one TCP hop is allowed, but '/dnsaddr/h/tcp/2' comes after"
                + " '/ip4/1.2.3.4/tcp/1'",
        "/node/a/node/b| only one TCP hop is allowed, but '/node/b' comes after '/node/a'",
        "/node/a/service/x/ip4/1.2.3.4/tcp/1| only one TCP hop is allowed, but '/ip4/1.2.3.4/tcp/1' comes after"
                + " '/node/a'",
    })
    void rejects(String text, String why) {
        assertRejected(text, "invalid multiaddr '" + dev.ockamj.node.internal.Printable.escape(text, 200) + "': " + why.strip());
    }

    @Test
    void theBriefsExampleMessage() {
        assertRejected("/ip4/300.1.1.1/tcp/4000", "invalid multiaddr '/ip4/300.1.1.1/tcp/4000': '300.1.1.1' is not"
                + " an IPv4 address (expected a dotted quad such as 127.0.0.1)");
    }

    @Test
    void longNamesAndHostsAreRejected() {
        String name = "a".repeat(255);
        assertEquals(name, MultiAddr.parse("/service/" + name).segments().get(0).value());
        MultiAddrException e = assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/service/" + name + "a"));
        assertTrue(e.getMessage().contains("is not a valid service name"), e.getMessage());
        assertTrue(e.getMessage().length() < 500, "messages are cut: " + e.getMessage().length());

        String host = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61); // 253
        assertEquals(253, host.length());
        MultiAddr.parse("/dnsaddr/" + host + "/tcp/1");
        assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/dnsaddr/" + host + "a/tcp/1"));
        assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/dnsaddr/" + "a".repeat(64) + "/tcp/1"));
    }

    @Test
    void controlCharactersInMessagesAreEscaped() {
        MultiAddrException e = assertThrows(MultiAddrException.class,
                () -> MultiAddr.parse("/service/x\u001b[31mred\n/tcp/1"));
        assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f), e.getMessage());
        assertTrue(e.getMessage().contains("\\u001b[31mred\\u000a"), e.getMessage());
    }

    @Test
    void unpairedSurrogatesAreRejected() {
        assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/service/a\ud800"));
        assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/service/\udc00a"));
    }

    // --- conversion errors ----------------------------------------------------------------------------

    @Test
    void projectAndSpaceAreNotSupported() {
        MultiAddrException e = assertThrows(MultiAddrException.class,
                () -> MultiAddr.parse("/project/default/service/echo").toRoute(NODES));
        assertEquals("invalid multiaddr '/project/default/service/echo': '/project/default': /project and /space"
                + " addresses are not supported by ockamj", e.getMessage());
        e = assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/space/s").toRoute());
        assertEquals("invalid multiaddr '/space/s': '/space/s': /project and /space addresses are not supported"
                + " by ockamj", e.getMessage());
    }

    @Test
    void unknownNode() {
        MultiAddrException e = assertThrows(MultiAddrException.class,
                () -> MultiAddr.parse("/node/nope/service/echo").toRoute(NODES));
        assertEquals("invalid multiaddr '/node/nope/service/echo': there is no node named 'nope'", e.getMessage());
    }

    @Test
    void nodeWithoutResolver() {
        MultiAddrException e = assertThrows(MultiAddrException.class,
                () -> MultiAddr.parse("/node/n1/service/echo").toRoute());
        assertEquals("invalid multiaddr '/node/n1/service/echo': '/node/n1' must first be resolved to the node's"
                + " TCP listener", e.getMessage());
    }

    @Test
    void resolverMustGiveATcpListener() {
        MultiAddrException e = assertThrows(MultiAddrException.class,
                () -> MultiAddr.parse("/node/n1/service/echo").toRoute(n -> MultiAddr.parse("/service/x")));
        assertEquals("invalid multiaddr '/node/n1/service/echo': node 'n1' resolved to '/service/x', which is not"
                + " /ip4, /ip6 or /dnsaddr + /tcp", e.getMessage());
        assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/node/n1")
                .toRoute(n -> MultiAddr.parse("/ip4/1.2.3.4/tcp/5/service/x")));
        assertThrows(MultiAddrException.class, () -> MultiAddr.parse("/node/n1")
                .toRoute(n -> MultiAddr.parse("/dnsaddr/h")));
    }

    @Test
    void resolverIsNotCalledWithoutNode() {
        assertEquals(Route.parse("0#x"), MultiAddr.parse("/service/x").toRoute(n -> {
            throw new AssertionError("called");
        }));
    }

    @Test
    void resolverExceptionsPassThrough() {
        OckamException mine = new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND, "node n1 is not running");
        OckamException e = assertThrows(OckamException.class,
                () -> MultiAddr.parse("/node/n1").toRoute(n -> {
                    throw mine;
                }));
        assertSame(mine, e);
    }

    @Test
    void fromRouteRejectsNonLocalAndBadNames() {
        MultiAddrException e = assertThrows(MultiAddrException.class,
                () -> MultiAddr.fromRoute(Route.parse("1#127.0.0.1:4000 => echo")));
        assertEquals("cannot convert route '1#127.0.0.1:4000 => 0#echo' to a multiaddr: '1#127.0.0.1:4000' is not"
                + " a LOCAL address (only LOCAL addresses become /service/NAME)", e.getMessage());
        e = assertThrows(MultiAddrException.class, () -> MultiAddr.fromRoute(Route.of(Address.local("a/b"))));
        assertEquals("cannot convert route '0#a/b' to a multiaddr: '0#a/b' is not a valid service name (1 to 255"
                + " characters, no '/', '#', spaces or control characters)", e.getMessage());
        assertThrows(MultiAddrException.class,
                () -> MultiAddr.fromRoute(Route.of(Address.of(0, new byte[] {(byte) 0xff}))));
        assertThrows(MultiAddrException.class, () -> MultiAddr.fromRoute(Route.of(Address.local(""))));
    }

    @Test
    void fromRouteRoundTrip() {
        Route r = Route.parse("a => b => 0123abcd");
        assertEquals(r, MultiAddr.fromRoute(r).toRoute());
        assertEquals("/service/a/service/b/service/0123abcd", MultiAddr.fromRoute(r).toString());
    }
}
