package dev.ockamj.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void escapesOneCodePointAsOneEscape() {
        assertEquals("café\\u{1f41d}", Printable.escape("café🐝", 80));
        assertEquals("a\\u000ab\\u007f", Printable.escape("a\nb\u007f", 80));
        assertEquals("日本", Printable.escape("日本", 80));
        assertEquals("\\u200b", Printable.escape("\u200b", 80)); // a zero-width space is not shown as itself
    }

    @Test
    void escapesLoneSurrogatesOneByOne() {
        assertEquals("x\\ud83dy\\udc1d", Printable.escape("x\ud83dy\udc1d", 80));
    }

    @Test
    void cutsAtTheLimitBetweenCodePoints() {
        String s = Printable.escape("🐝".repeat(100), 20);
        assertTrue(s.endsWith("…"), s);
        assertEquals(0, (s.length() - 1) % "\\u{1f41d}".length(), s); // whole escapes only
        assertEquals("ab…", Printable.escape("abcdef", 2));
    }
}
