package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Address and Route syntax, docs/wire.md §5. */
class AddressRouteTest {

    @Test
    void plainTextIsLocal() {
        Address a = Address.parse("echoer");
        assertEquals(0, a.transportType());
        assertEquals("echoer", a.valueString());
        assertEquals(Address.parse("0#echoer"), a);
        assertEquals("0#echoer", a.toString());
    }

    @Test
    void typedAddress() {
        Address a = Address.parse("1#127.0.0.1:4000");
        assertEquals(1, a.transportType());
        assertEquals("127.0.0.1:4000", a.valueString());
        assertEquals("1#127.0.0.1:4000", a.toString());
        assertEquals(255, Address.parse("255#x").transportType());
        assertEquals(Address.parse("007#x"), Address.parse("7#x"));
    }

    @Test
    void badAddressesAreRejectedWithInvalidAddress() {
        for (String bad : new String[] {"1#a#b", "256#x", "-1#x", "x#y", "#y", "1000#y", " 1#y"}) {
            OckamException e = assertThrows(OckamException.class, () -> Address.parse(bad), bad);
            assertEquals(OckamException.Kind.INVALID_ADDRESS, e.kind(), bad);
        }
        assertThrows(OckamException.class, () -> Address.of(256, "x"));
    }

    @Test
    void nonUtf8ValueDisplaysAsInvalid() {
        Address a = Address.of(0, new byte[] {(byte) 0xff, (byte) 0xfe});
        assertEquals("0#Invalid UTF-8", a.toString());
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe}, a.value());
    }

    @Test
    void equalityIsTypeAndBytes() {
        assertNotEquals(Address.parse("1#a"), Address.parse("0#a"));
        assertEquals(Address.of(3, "x".getBytes(StandardCharsets.UTF_8)), Address.parse("3#x"));
        assertEquals(Address.parse("3#x").hashCode(), Address.of(3, "x").hashCode());
    }

    @Test
    void randomAddressesAre32HexChars() {
        Address a = Address.random();
        assertTrue(a.valueString().matches("[0-9a-f]{32}"), a.toString());
        assertNotEquals(a, Address.random());
    }

    @Test
    void routeParseTrimsAndDisplays() {
        Route r = Route.parse(" a =>1#127.0.0.1:4000=>  0#b ");
        assertEquals(3, r.size());
        assertEquals(Address.parse("a"), r.next());
        assertEquals("0#a => 1#127.0.0.1:4000 => 0#b", r.toString());
        assertEquals(r, Route.parse(r.toString()));
        assertTrue(Route.parse("").isEmpty());
    }

    @Test
    void routeRejectsEmptyHops() {
        assertEquals(OckamException.Kind.INVALID_ADDRESS, assertThrows(OckamException.class, () -> Route.parse("a => => b")).kind());
        assertEquals(OckamException.Kind.INVALID_ADDRESS, assertThrows(OckamException.class, () -> Route.parse("a =>")).kind());
        assertThrows(OckamException.class, () -> Route.parse("a => 1#x#y"));
    }

    @Test
    void routeIsImmutable() {
        Route r = Route.of("a", "b");
        Route stepped = r.step();
        Route pre = r.prepend(Address.local("z"));
        Route app = r.append(Address.local("c"));
        assertEquals(Route.of("a", "b"), r);
        assertEquals(Route.of("b"), stepped);
        assertEquals(Route.of("z", "a", "b"), pre);
        assertEquals(Route.of("a", "b", "c"), app);
        assertEquals(Route.of("a", "b", "a", "b"), r.append(r));
        assertEquals(Route.of("x", "b"), r.replaceNext(Address.local("x")));
        assertTrue(Route.of("a").step().isEmpty());
        assertEquals(OckamException.Kind.ADDRESS_NOT_FOUND, assertThrows(OckamException.class, () -> Route.empty().step()).kind());
    }
}
