package dev.ockamj.node.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Makes text that may come from a peer safe to put in a log line or an error message. */
public final class Printable {
    private Printable() {
    }

    /** Control characters and non-ASCII escaped as {@code \\uXXXX}; cut to {@code max} chars with "…". */
    public static String escape(String text, int max) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); i++) {
            if (sb.length() >= max) {
                return sb.append('…').toString();
            }
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c > 0x7e && !Character.isLetterOrDigit(c))) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
