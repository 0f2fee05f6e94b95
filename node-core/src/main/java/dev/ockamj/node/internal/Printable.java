package dev.ockamj.node.internal;

/** Makes text that may come from a peer safe to put in a log line or an error message. */
public final class Printable {
    private Printable() {
    }

    /**
     * {@code text} with everything that could disturb a log line escaped, one escape per code point: control
     * characters and non-ASCII code points that are not letters or digits become {@code \\uXXXX} (in the Basic
     * Multilingual Plane, a lone surrogate included) or {@code \\u{XXXXX}} (above it, e.g. {@code \\u{1f41d}}
     * for 🐝); ASCII and letters or digits of any script stay as they are. Cut to about {@code max} characters,
     * ending with "…", never in the middle of an escape or a code point.
     */
    public static String escape(String text, int max) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); ) {
            if (sb.length() >= max) {
                return sb.append('…').toString();
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x20 || cp == 0x7f || (cp > 0x7e && !Character.isLetterOrDigit(cp))) {
                sb.append(cp > 0xffff ? String.format("\\u{%x}", cp) : String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }
}
