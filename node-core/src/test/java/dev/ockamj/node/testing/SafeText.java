package dev.ockamj.node.testing;

/** What the fuzz tests require of text that reaches a log line or an error message. */
public final class SafeText {
    private SafeText() {
    }

    /**
     * True when {@code text} holds no code point that could disturb a log line: no control character, no lone
     * surrogate (a surrogate pair is one code point, a letter of a supplementary script say, and is fine), no
     * format character (e.g. bidi overrides) and no line or paragraph separator.
     */
    public static boolean isSafe(String text) {
        return text.codePoints().noneMatch(c -> c < 0x20 || c == 0x7f
                || Character.getType(c) == Character.SURROGATE
                || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
    }
}
