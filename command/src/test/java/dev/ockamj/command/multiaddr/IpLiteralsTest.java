package dev.ockamj.command.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict literal parsers, checked against the JDK's literal parser and RFC 5952 output. */
class IpLiteralsTest {

    @ParameterizedTest
    @CsvSource({
        "::1, ::1",
        "0:0:0:0:0:0:0:1, ::1",
        "::, ::",
        "0:0:0:0:0:0:0:0, ::",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:0db8:0000:0001:0000:0000:0000:0001, 2001:db8:0:1::1",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
        "1::, 1::",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::FFFF:0102:0304, ::ffff:1.2.3.4",
        "::1.2.3.4, ::102:304",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "fe80::1:2, fe80::1:2",
    })
    void canonicalForm(String input, String expected) {
        byte[] bytes = IpLiterals.parseIpv6(input);
        assertNotNull(bytes, input);
        assertEquals(expected, IpLiterals.formatIpv6(bytes));
        assertArrayEquals(bytes, IpLiterals.parseIpv6(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:2", "::1::", "1:::2", "::g", "[::1]", "::1%1", "::1.2.3", "::1.2.3.04",
        "1.2.3.4", "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4", "12345::", " ::1", "::1 ", "1:2:3:4:5:6:7:8:", ":1:2:3:4:5:6:7:8"})
    void rejectsIpv6(String input) {
        assertNull(IpLiterals.parseIpv6(input), input);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1.2.3.4.5", "256.0.0.0", "01.0.0.0", "0.0.0.00",
        "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ", "1,2,3,4", "1.2.3.4a", "１.2.3.4"})
    void rejectsIpv4(String input) {
        assertNull(IpLiterals.parseIpv4(input), input);
    }

    @Test
    void acceptsIpv4() {
        assertArrayEquals(new byte[] {0, 0, 0, 0}, IpLiterals.parseIpv4("0.0.0.0"));
        assertArrayEquals(new byte[] {(byte) 255, 10, 0, 1}, IpLiterals.parseIpv4("255.10.0.1"));
    }

    /** Random hex/colon/dot strings: whenever either parser accepts a bracket-free literal, both agree. */
    @Test
    void agreesWithTheJdkOnIpv6Literals() throws UnknownHostException {
        Random random = new Random(6);
        String alphabet = "0123456789abcdefABCDEF:::::...";
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 2 + random.nextInt(40);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            byte[] mine = IpLiterals.parseIpv6(text);
            byte[] jdk = jdkIpv6(text);
            if (mine != null) {
                accepted++;
                assertArrayEquals(jdk, mine, text);
            } else if (jdk != null) {
                // we are stricter only where RFC 4291 (and Rust) are: a group has at most 4 hex digits
                assertEquals(true, text.matches(".*[0-9a-fA-F]{5,}.*"), "JDK accepts, we reject: " + text);
            }
        }
        assertEquals(true, accepted > 100, "accepted " + accepted);
    }

    /** The JDK parses a string containing ':' as a literal, without DNS; null when it is not one. */
    private static byte[] jdkIpv6(String text) throws UnknownHostException {
        if (text.indexOf(':') < 0) {
            return null;
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            byte[] b = a.getAddress();
            if (b.length == 4) {
                // the JDK returns an Inet4Address for ::ffff:a.b.c.d; map it back
                byte[] m = new byte[16];
                m[10] = (byte) 0xff;
                m[11] = (byte) 0xff;
                System.arraycopy(b, 0, m, 12, 4);
                return m;
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
