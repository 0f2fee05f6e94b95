package dev.ockamj.command.multiaddr;

import dev.ockamj.node.internal.Printable;

/** What each protocol accepts as a value. Each check returns null when the value is fine, else the reason. */
final class ValueRules {
    static final int MAX_NAME = 255;
    static final int MAX_HOST = 253;

    private ValueRules() {
    }

    static String problem(Protocol protocol, String value) {
        return switch (protocol) {
            case IP4 -> IpLiterals.parseIpv4(value) == null
                    ? quote(value) + " is not an IPv4 address (expected a dotted quad such as 127.0.0.1)" : null;
            case IP6 -> IpLiterals.parseIpv6(value) == null
                    ? quote(value) + " is not an IPv6 address (expected a literal such as ::1, without brackets)"
                    : null;
            case DNSADDR -> isHostName(value) ? null : quote(value)
                    + " is not a host name (letters, digits, '-' and '.', at most " + MAX_HOST + " characters)";
            case TCP -> port(value) > 0 ? null
                    : quote(value) + " is not a TCP port (expected a decimal number 1..65535)";
            case SERVICE, WORKER, SECURE, NODE, PROJECT, SPACE -> isName(value) ? null
                    : quote(value) + " is not a valid " + protocol.prefix() + " name (1 to " + MAX_NAME
                            + " characters, no '/', '#', spaces or control characters)";
        };
    }

    /** The port 1..65535 written in canonical decimal (no sign, no leading zero), or -1. */
    static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535 ? value : -1;
    }

    /** RFC 1123 host name: dot-separated labels of 1..63 letters, digits and '-', not starting or ending with '-'. */
    static boolean isHostName(String text) {
        if (text.isEmpty() || text.length() > MAX_HOST) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                int len = i - start;
                if (len < 1 || len > 63 || text.charAt(start) == '-' || text.charAt(i - 1) == '-') {
                    return false;
                }
                start = i + 1;
            } else {
                char c = text.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A service, worker, node, ... name: 1..255 UTF-16 units, none of '/', '#' (it would split an address),
     * whitespace, control or invisible format characters (they hide what a name really is in a terminal),
     * and no unpaired surrogate (it cannot be encoded as UTF-8).
     */
    static boolean isName(String text) {
        if (text.isEmpty() || text.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '/' || cp == '#' || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
                    || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                    || Character.getType(cp) == Character.FORMAT) {
                return false;
            }
        }
        return true;
    }

    /** {@code 'text'} with the text escaped, for error messages. */
    static String quote(String text) {
        return "'" + Printable.escape(text, 100) + "'";
    }
}
