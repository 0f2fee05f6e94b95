package dev.ockamj.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.OckamException;
import dev.ockamj.node.testing.SafeText;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the value of a TCP address ({@code 1#host:port}, docs/wire.md §5, §6), which a route from a
 * user or a peer's return route may carry: it parses to a host and a port 0..65535 written in ASCII digits (as
 * Rust's {@code u16} parsing requires), and then round-trips, or it fails with INVALID_ADDRESS.
 */
@Tag("hardening")
class HostPortFuzzTest {
    private static final long SEED = Long.decode(System.getProperty("ockamj.fuzz.seed", "0x4057F022"));
    private static final String[] TOKENS = {
        "127.0.0.1", "localhost", "::1", "[", "]", "[::1]", ":", "::", "0", "00080", "4000", "65535", "65536", "99999",
        "-1", "+1", " ", "\u0000", "\u0664\u0660\u0660\u0660", "\uff14", "\ud83d\udc1d", "\ud800", "#", "/", "=>", "x".repeat(300),
    };

    @Test
    void parsesOrFailsWithInvalidAddress() {
        SplittableRandom random = new SplittableRandom(SEED);
        int parsed = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextBoolean()) { // host:port-shaped, pieces from the tokens
                sb.append(token(random)).append(random.nextInt(4) == 0 ? token(random) : "").append(':').append(token(random));
            } else {
                int n = 1 + random.nextInt(5);
                for (int k = 0; k < n; k++) {
                    sb.append(token(random));
                }
            }
            String input = sb.toString();
            String where = String.format("seed 0x%x, case %d, '%s'", SEED, i, Printable.escape(input, 300));
            HostPort hp;
            try {
                hp = HostPort.parse(input);
            } catch (OckamException e) {
                assertEquals(OckamException.Kind.INVALID_ADDRESS, e.kind(), where);
                assertTrue(SafeText.isSafe(e.getMessage()), where);
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError(where + ": threw " + e, e);
            }
            parsed++;
            String port = input.substring(input.lastIndexOf(':') + 1);
            assertTrue(port.chars().allMatch(c -> c >= '0' && c <= '9'), where + ": the port must be ASCII digits");
            assertTrue(hp.port() >= 0 && hp.port() <= 65535 && !hp.host().isEmpty(), where);
            assertEquals(hp, HostPort.parse(hp.toString()), where);
        }
        assertTrue(parsed > 1000, "parsed " + parsed);
    }

    private static String token(SplittableRandom random) {
        return random.nextInt(4) == 0 ? String.valueOf((char) random.nextInt(0x10000)) : TOKENS[random.nextInt(TOKENS.length)];
    }

    @Test
    void aPortInOtherScriptsDigitsIsRejected() {
        for (String bad : new String[] {"127.0.0.1:\u0664\u0660\u0660\u0660", "localhost:\uff18\uff10", "[::1]:\u0967"}) {
            assertEquals(OckamException.Kind.INVALID_ADDRESS, assertThrows(OckamException.class, () -> HostPort.parse(bad)).kind(), bad);
        }
    }
}
