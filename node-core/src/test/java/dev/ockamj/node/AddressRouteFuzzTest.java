package dev.ockamj.node;



import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.testing.SafeText;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of {@link Address#parse} and {@link Route#parse} (docs/wire.md §5): random text, mutated valid
 * text, huge inputs, Unicode (unpaired surrogates, format and space characters), {@code #}, {@code =>} and
 * {@code /}. Every input either parses, and then round-trips through its display form, or fails with an
 * {@link OckamException} of kind INVALID_ADDRESS whose message is safe to print; nothing else escapes.
 *
 * <p>{@code -Dockamj.fuzz.seed=...} replaces the seed; {@code -Dockamj.soak=true} runs ten times as many.
 */
@Tag("hardening")
class AddressRouteFuzzTest {

    private static final long SEED = Long.decode(System.getProperty("ockamj.fuzz.seed", "0xADD12E55"));
    private static final int CASES = 100_000 * (Boolean.getBoolean("ockamj.soak") ? 10 : 1);

    private static final String[] VALID = {
        "echoer", "0#echoer", "1#127.0.0.1:4000", "1#[::1]:4000", "255#x", "007#x", "0#", "",
        "a => 1#127.0.0.1:4000 => 0#b", "echoer=>app", " a =>b ", "3#ws://host/path => 0#caf\u00e9\ud83d\udc1d",
    };
    private static final String[] TOKENS = {
        "#", "##", "=>", "=", ">", "= >", "=>=>", "/", "//", " ", "\t", "\n", "\r", "\u0000", "\u001f", "\u007f",
        "\u00a0", "\u2003", "\u3000", "\u2028", "\u202e", "\ufeff", "\ud800", "\udfff", "\ud83d\udc1d", "\u00e9", "\u0661",
        "0", "00", "000", "0000", "1", "9", "255", "256", "999", "-1", "+1", "0x1", "0#", "1#", "255#", "256#",
        "echoer", "app", "127.0.0.1:4000", "[::1]:4000", "localhost", "x".repeat(100),
    };

    @Test
    void randomAndMutatedText() {
        SplittableRandom random = new SplittableRandom(SEED);
        int addresses = 0;
        int routes = 0;
        for (int i = 0; i < CASES; i++) {
            String input = switch (i % 3) {
                case 0 -> randomChars(random);
                case 1 -> randomTokens(random);
                default -> mutate(random, VALID[random.nextInt(VALID.length)]);
            };
            String where = String.format("seed 0x%x, case %d, input '%s'", SEED, i, Printable.escape(input, 300));
            addresses += checkAddress(input, where) ? 1 : 0;
            routes += checkRoute(input, where) ? 1 : 0;
        }
        // the generators reach both sides, or the round-trip checks prove little
        assertTrue(addresses > CASES / 10 && addresses < CASES * 9 / 10, "addresses parsed: " + addresses);
        assertTrue(routes > CASES / 10 && routes < CASES * 9 / 10, "routes parsed: " + routes);
    }

    @Test
    void hugeInputs() {
        int mib = 1 << 20;
        String[] inputs = {
            "x".repeat(4 * mib),
            "0#" + "x".repeat(4 * mib),
            "1#" + "\ud83d\udc1d".repeat(mib),
            "#".repeat(mib),
            "9".repeat(mib) + "#x",
            "0".repeat(mib) + "#x",
            "=>".repeat(mib),
            "a=>".repeat(mib / 2) + "a",
            "a=>".repeat(mib / 2),
            "0#a => ".repeat(200_000) + "1#x#y",
            "/".repeat(mib),
            " ".repeat(mib),
            "\u0000".repeat(mib),
            "\ud800".repeat(mib),
            "\u2003".repeat(mib) + "=>" + "\u2003".repeat(mib),
        };
        for (int i = 0; i < inputs.length; i++) {
            String where = "huge input " + i + " ('" + Printable.escape(inputs[i], 40) + "', " + inputs[i].length() + " chars)";
            checkAddress(inputs[i], where);
            checkRoute(inputs[i], where);
        }
        assertEquals(mib / 2 + 1, Route.parse("a=>".repeat(mib / 2) + "a").size());
        assertEquals(4 * mib, Address.parse("0#" + "x".repeat(4 * mib)).valueLength());
    }

    /** True when {@code input} parsed as an address. */
    private static boolean checkAddress(String input, String where) {
        Address a;
        try {
            a = Address.parse(input);
        } catch (OckamException e) {
            assertClean(e, where);
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(where + ": Address.parse threw " + e, e);
        }
        int hash = input.indexOf('#');
        assertTrue(a.transportType() >= 0 && a.transportType() <= 255, where);
        assertEquals(hash < 0 ? 0 : Integer.parseInt(input.substring(0, hash)), a.transportType(), where);
        assertArrayEquals(input.substring(hash + 1).getBytes(StandardCharsets.UTF_8), a.value(), where);
        assertEquals(a, Address.parse(a.toString()), where + ": display form " + Printable.escape(a.toString(), 300));
        return true;
    }

    /** True when {@code input} parsed as a route. */
    private static boolean checkRoute(String input, String where) {
        Route r;
        try {
            r = Route.parse(input);
        } catch (OckamException e) {
            assertClean(e, where);
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(where + ": Route.parse threw " + e, e);
        }
        assertEquals(input.isBlank() ? 0 : input.split("=>", -1).length, r.size(), where);
        assertEquals(r, Route.parse(r.toString()), where + ": display form " + Printable.escape(r.toString(), 300));
        return true;
    }

    private static void assertClean(OckamException e, String where) {
        assertEquals(OckamException.Kind.INVALID_ADDRESS, e.kind(), where);
        String msg = e.getMessage();
        assertTrue(msg.startsWith("invalid address '") || msg.startsWith("invalid route '"), where + ": " + msg);
        assertTrue(SafeText.isSafe(msg), where + ": unsafe message " + Printable.escape(msg, 300));
        assertTrue(msg.length() < 1000, where + ": message of " + msg.length() + " chars");
    }

    private static String randomChars(SplittableRandom random) {
        int len = random.nextInt(40);
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            switch (random.nextInt(12)) {
                case 0, 1 -> sb.append('#');
                case 2 -> sb.append("=>");
                case 3 -> sb.append(random.nextBoolean() ? '=' : '>');
                case 4 -> sb.append((char) ('0' + random.nextInt(10)));
                case 5 -> sb.append(" \t/:.".charAt(random.nextInt(5)));
                case 6 -> sb.append((char) random.nextInt(0x80));
                case 7 -> sb.append((char) random.nextInt(0x10000)); // unpaired surrogates included
                case 8 -> sb.appendCodePoint(random.nextInt(0x10000, 0x110000));
                default -> sb.append((char) ('a' + random.nextInt(26)));
            }
        }
        return sb.toString();
    }

    private static String randomTokens(SplittableRandom random) {
        int len = 1 + random.nextInt(10);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return sb.toString();
    }

    private static String mutate(SplittableRandom random, String valid) {
        StringBuilder sb = new StringBuilder(valid);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(sb.length() + 1);
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
                case 3 -> sb.append(random.nextBoolean() ? " => " : "=>").append(VALID[random.nextInt(VALID.length)]);
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
