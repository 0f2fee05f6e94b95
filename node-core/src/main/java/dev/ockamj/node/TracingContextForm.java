package dev.ockamj.node;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ockam's text form of a tracing context: a flat JSON object of strings, the fields a W3C trace-context
 * propagator writes ({@code {"traceparent":"00-…","tracestate":""}}). Facts from build-trust/ockam at fb8fb64:
 * {@code ockam_core/src/opentelemetry.rs} (a {@code HashMap<String, String>} written with serde_json, so no spaces,
 * and keys in any order) and docs/research/ockam-tracing-context.md. Only that form is read: anything else
 * (Ockam's own reader refuses it too and goes on without a parent) gives null.
 */
final class TracingContextForm {
    private TracingContextForm() {
    }

    /** {@code fields} as compact JSON, in their iteration order. */
    static String format(Map<String, String> fields) {
        StringBuilder out = new StringBuilder(96).append('{');
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, e.getKey()).append(':');
            string(out, e.getValue());
        }
        return out.append('}').toString();
    }

    /** The fields of {@code text}, or null if it is not a JSON object whose values are all strings. */
    static Map<String, String> parse(String text) {
        Reader r = new Reader(text);
        try {
            Map<String, String> fields = new LinkedHashMap<>();
            r.skipSpace();
            r.expect('{');
            r.skipSpace();
            if (r.peek() == '}') {
                r.pos++;
            } else {
                while (true) {
                    r.skipSpace();
                    String key = r.string();
                    r.skipSpace();
                    r.expect(':');
                    r.skipSpace();
                    fields.put(key, r.string());
                    r.skipSpace();
                    char c = r.next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        return null;
                    }
                }
            }
            r.skipSpace();
            return r.pos == text.length() ? fields : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static StringBuilder string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            return text.charAt(pos);
        }

        char next() {
            return text.charAt(pos++);
        }

        void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c);
            }
        }

        void skipSpace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        String string() {
            expect('"');
            StringBuilder s = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return s.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in a string");
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> s.append(e);
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'u' -> {
                        s.append((char) HexFormat.fromHexDigits(text, pos, pos + 4));
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape");
                }
            }
        }
    }
}
