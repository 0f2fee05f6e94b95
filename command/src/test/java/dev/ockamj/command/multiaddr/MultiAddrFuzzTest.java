package dev.ockamj.command.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ockamj.node.Address;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.node.testing.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing: for any input, parse and conversion either succeed (and then round-trip) or throw
 * {@link MultiAddrException} with an escaped message; no other exception type escapes.
 */
@Tag("hardening")
class MultiAddrFuzzTest {

    private static final long SEED = Long.decode(System.getProperty("ockamj.fuzz.seed", "0x0C4A3A11"));
    private static final int CASES = 50_000 * (Boolean.getBoolean("ockamj.soak") ? 10 : 1);

    private static final String[] SEEDS = {
        "/ip4/127.0.0.1/tcp/4000/service/echo", "/ip6/::1/tcp/4000/secure/api", "/ip6/fe80::a:b:c:d/tcp/1",
        "/ip6/::ffff:10.0.0.1/tcp/65535", "/dnsaddr/localhost/tcp/4000/worker/0a1b", "/dnsaddr/example.com",
        "/node/n1/service/uppercase", "/node/n1/secure/api/service/echo", "/project/p/service/x", "/space/s",
        "self", "/service/a/service/b", "/worker/abcdef0123456789",
    };
    private static final String[] TOKENS = {
        "/", "//", "ip4", "ip6", "dnsaddr", "tcp", "service", "worker", "secure", "node", "project", "space",
        "self", "127.0.0.1", "::1", "::", ":", ".", "0", "00", "255", "256", "65535", "65536", "4000", "#", "1#",
        "ffff", "[", "]", "%", "-", "a", "Z", " ", "\t", "\n", "\u0000", "\u001b", "\u007f", "\u00a0", "\u202e",
        "\ud800", "\udc00", "😀", "é", "١", "=>", "localhost", "x".repeat(64), "y".repeat(300),
    };

    @Test
    void neverThrowsAnythingButMultiAddrException() {
        Random random = new Random(SEED);
        int parsed = 0;
        for (int i = 0; i < CASES; i++) {
            String input = switch (i % 3) {
                case 0 -> randomChars(random);
                case 1 -> randomTokens(random);
                default -> mutate(random, SEEDS[random.nextInt(SEEDS.length)]);
            };
            if (check(input, random)) {
                parsed++;
            }
        }
        // the generators must reach the valid space too, or the round-trip checks prove nothing
        assertTrue(parsed > CASES / 50, "only " + parsed + " inputs parsed");
    }

    @Test
    void fromRouteNeverThrowsAnythingButMultiAddrException() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 5_000; i++) {
            List<Address> hops = new ArrayList<>();
            int n = random.nextInt(4);
            for (int h = 0; h < n; h++) {
                byte[] value = new byte[random.nextInt(6)];
                random.nextBytes(value);
                hops.add(random.nextInt(4) == 0 ? Address.of(random.nextInt(3), value)
                        : Address.local(randomTokens(random)));
            }
            Route route = Route.of(hops);
            try {
                MultiAddr m = MultiAddr.fromRoute(route);
                assertEquals(route, m.toRoute());
                assertEquals(m.isEmpty() ? MultiAddr.empty() : MultiAddr.parse(m.toString()), m);
            } catch (MultiAddrException e) {
                assertClean(e);
            } catch (RuntimeException e) {
                fail("route " + route + " threw " + e, e);
            }
        }
    }

    @Test
    void tcpHopParseNeverThrowsAnythingButMultiAddrException() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 20_000; i++) {
            String input = switch (i % 3) {
                case 0 -> randomChars(random);
                case 1 -> randomTokens(random).replace('/', ':');
                default -> mutate(random, new String[] {"127.0.0.1:4000", "[::1]:4000", "localhost:1"}[i % 3 == 2
                        ? random.nextInt(3) : 0]);
            };
            try {
                TcpHop hop = TcpHop.parse(input);
                assertEquals(hop, TcpHop.parse(hop.hostPort()));
                assertEquals(hop.toMultiAddr().tcpHop().orElseThrow(), hop);
            } catch (MultiAddrException e) {
                assertEquals(OckamException.Kind.INVALID_ADDRESS, e.kind());
                assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f), e.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("TcpHop.parse of " + describe(input) + " threw " + e, e);
            }
        }
    }

    /**
     * Inputs of a megabyte or more: long values, many segments, many TCP hops, separators only, Unicode. Each
     * parses or fails with a short MultiAddrException; the valid ones still round-trip.
     */
    @Test
    void hugeInputsParseOrFailCleanly() {
        int mib = 1 << 20;
        Random random = new Random(SEED + 3);
        String[] inputs = {
            "/service/" + "a".repeat(mib),
            "/service/a".repeat(mib / 10),
            "/ip4/127.0.0.1/tcp/4000".repeat(50_000),
            "/ip4/127.0.0.1/tcp/4000" + "/service/echo".repeat(80_000),
            "/node/n1" + "/secure/api".repeat(90_000),
            "/".repeat(mib),
            "//".repeat(mib / 2) + "service",
            "/ip6/" + ":".repeat(mib) + "/tcp/1",
            "/ip4/" + "1.".repeat(mib / 2) + "1/tcp/1",
            "/dnsaddr/" + "a.".repeat(mib / 2) + "com/tcp/1",
            "/tcp/" + "9".repeat(mib),
            "/service/" + "\ud83d\udc1d".repeat(mib / 2),
            "/service/" + "\ud800".repeat(mib),
            "/" + "#".repeat(mib) + "/x",
            "=>".repeat(mib / 2),
            "self".repeat(mib / 4),
            randomChars(random, mib),
        };
        for (int i = 0; i < inputs.length; i++) {
            String input = inputs[i];
            try {
                check(input, random);
            } catch (AssertionError e) {
                throw new AssertionError("huge input " + i + " (" + input.length() + " chars): " + e.getMessage(), e);
            } catch (StackOverflowError e) {
                throw new AssertionError("huge input " + i + " (" + input.length() + " chars) overflowed the stack", e);
            }
        }
        assertEquals(mib / 10, MultiAddr.parse("/service/a".repeat(mib / 10)).segments().size());
        assertEquals(80_000 + 1, MultiAddr.parse("/ip4/127.0.0.1/tcp/4000" + "/service/echo".repeat(80_000)).toRoute().size());
    }

    /** True when the input parsed. */
    private static boolean check(String input, Random random) {
        MultiAddr m;
        try {
            m = MultiAddr.parse(input);
        } catch (MultiAddrException e) {
            assertClean(e);
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError("parse of " + describe(input) + " threw " + e, e);
        }
        try {
            assertEquals(m, MultiAddr.parse(m.toString()), describe(input));
            assertEquals(m, MultiAddr.of(m.segments()));
            m.tcpHop().ifPresent(h -> assertEquals(h.address(), TcpHop.parse(h.hostPort()).address()));
            MultiAddr rest = m.withoutTcpHop();
            assertFalse(rest.tcpHop().isPresent());
            Function<String, MultiAddr> resolver = switch (random.nextInt(4)) {
                case 0 -> n -> MultiAddr.parse("/ip4/127.0.0.1/tcp/4000");
                case 1 -> n -> MultiAddr.parse("/ip6/::1/tcp/4000");
                case 2 -> n -> null;
                default -> n -> MultiAddr.parse("/service/" + n);
            };
            try {
                Route r = m.toRoute(resolver);
                assertTrue(r.addresses().stream().filter(a -> !a.isLocal()).count() <= 1, "one TCP hop: " + r);
            } catch (MultiAddrException e) {
                assertClean(e);
            }
        } catch (MultiAddrException e) {
            throw new AssertionError("valid " + describe(input) + " failed later: " + e, e);
        } catch (RuntimeException e) {
            throw new AssertionError(describe(input) + " threw " + e, e);
        }
        return true;
    }

    private static void assertClean(MultiAddrException e) {
        assertEquals(OckamException.Kind.INVALID_ADDRESS, e.kind());
        String msg = e.getMessage();
        assertTrue(msg.startsWith("invalid multiaddr '") || msg.startsWith("cannot convert route '"), msg);
        assertTrue(SafeText.isSafe(msg), msg);
        assertTrue(msg.length() < 1000, "message too long: " + msg.length());
    }

    private static String randomChars(Random random) {
        return randomChars(random, random.nextInt(40));
    }

    private static String randomChars(Random random, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int kind = random.nextInt(10);
            sb.append(switch (kind) {
                case 0, 1, 2 -> '/';
                case 3 -> (char) ('0' + random.nextInt(10));
                case 4 -> ":.#-".charAt(random.nextInt(4));
                case 5 -> (char) random.nextInt(0x80);
                case 6 -> (char) random.nextInt(0x10000);
                case 7 -> '=';
                default -> (char) ('a' + random.nextInt(26));
            });
            if (kind == 8 && random.nextInt(4) == 0) {
                sb.appendCodePoint(0x10000 + random.nextInt(0x100000)); // supplementary, as a surrogate pair
            }
        }
        return sb.toString();
    }

    private static String randomTokens(Random random) {
        int len = 1 + random.nextInt(10);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            if (random.nextBoolean()) {
                sb.append('/');
            }
            sb.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return sb.toString();
    }

    private static String mutate(Random random, String seed) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = sb.length() == 0 ? 0 : random.nextInt(sb.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> sb.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 1 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, (char) random.nextInt(0x80));
                    }
                }
                case 3 -> sb.append(SEEDS[random.nextInt(SEEDS.length)]);
                default -> {
                    if (at < sb.length()) {
                        sb.setLength(at);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String describe(String input) {
        return "'" + dev.ockamj.node.internal.Printable.escape(input, 300) + "'";
    }
}
