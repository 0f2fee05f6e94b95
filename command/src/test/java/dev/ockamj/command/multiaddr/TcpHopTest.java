package dev.ockamj.command.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ockamj.node.Address;
import org.junit.jupiter.api.Test;

/** Host:port text, as node records store TCP listeners, to and from multiaddrs. */
class TcpHopTest {

    @Test
    void parsesHostPort() {
        assertEquals(new TcpHop(Protocol.IP4, "127.0.0.1", 4000), TcpHop.parse("127.0.0.1:4000"));
        assertEquals(new TcpHop(Protocol.IP6, "::1", 4000), TcpHop.parse("[::1]:4000"));
        assertEquals(new TcpHop(Protocol.IP6, "::1", 4000), TcpHop.parse("[0:0::1]:4000"));
        assertEquals(new TcpHop(Protocol.DNSADDR, "localhost", 1), TcpHop.parse("localhost:1"));
    }

    @Test
    void convertsToMultiAddrAndAddress() {
        TcpHop hop = TcpHop.parse("127.0.0.1:4000");
        assertEquals(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000"), hop.toMultiAddr());
        assertEquals(Address.parse("1#127.0.0.1:4000"), hop.address());
        assertEquals(MultiAddr.parse("/ip6/::1/tcp/9"), TcpHop.of("[::1]", 9).toMultiAddr());
        assertEquals("[::1]:9", TcpHop.of("::1", 9).hostPort());
    }

    @Test
    void rejectsBadHostPort() {
        assertEquals("invalid TCP address '4000': expected host:port, e.g. 127.0.0.1:4000 or [::1]:4000",
                assertThrows(MultiAddrException.class, () -> TcpHop.parse("4000")).getMessage());
        assertEquals("invalid TCP address '::1:4000': an IPv6 host must be in brackets, e.g. [::1]:4000",
                assertThrows(MultiAddrException.class, () -> TcpHop.parse("::1:4000")).getMessage());
        assertEquals("invalid TCP address '127.0.0.1:0': '0' is not a TCP port (expected a decimal number 1..65535)",
                assertThrows(MultiAddrException.class, () -> TcpHop.parse("127.0.0.1:0")).getMessage());
        assertEquals("invalid TCP hop '/dnsaddr/no_such/tcp/1': 'no_such' is not a host name (letters, digits, '-'"
                + " and '.', at most 253 characters)",
                assertThrows(MultiAddrException.class, () -> TcpHop.parse("no_such:1")).getMessage());
        assertThrows(MultiAddrException.class, () -> new TcpHop(Protocol.IP4, "1.2.3.4", 70000));
        assertThrows(MultiAddrException.class, () -> new TcpHop(Protocol.SERVICE, "x", 1));
        assertThrows(MultiAddrException.class, () -> TcpHop.parse("[::1:4000"));
    }
}
