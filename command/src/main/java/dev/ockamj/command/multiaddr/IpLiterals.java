package dev.ockamj.command.multiaddr;

/**
 * Strict IPv4/IPv6 literal parsing without any name lookup ({@code InetAddress.getByName} may query DNS,
 * and accepts forms such as {@code 1.2.3} or {@code 0x7f.1} that Rust's {@code Ipv4Addr} rejects).
 */
final class IpLiterals {
    private IpLiterals() {
    }

    /** Four bytes, or null unless {@code text} is a dotted quad of decimal 0..255 without leading zeros. */
    static byte[] parseIpv4(String text) {
        if (text.length() < 7 || text.length() > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (part == 4) {
                    return null;
                }
                int octet = octet(text, start, i);
                if (octet < 0) {
                    return null;
                }
                out[part++] = (byte) octet;
                start = i + 1;
            }
        }
        return part == 4 ? out : null;
    }

    private static int octet(String text, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 3 || (len > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /**
     * Sixteen bytes, or null unless {@code text} is an RFC 4291 text address: eight groups of 1..4 hex
     * digits, at most one {@code ::} standing for one or more zero groups, optionally ending with a dotted
     * quad. No zone id, no brackets.
     */
    static byte[] parseIpv6(String text) {
        if (text.length() < 2 || text.length() > 45) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        if (gap < 0) {
            return parseGroups(text, groups, true) == 8 ? toBytes(groups) : null;
        }
        int[] tail = new int[8];
        int headCount = gap == 0 ? 0 : parseGroups(text.substring(0, gap), groups, false);
        String tailText = text.substring(gap + 2);
        int tailCount = tailText.isEmpty() ? 0 : parseGroups(tailText, tail, true);
        if (headCount < 0 || tailCount < 0 || headCount + tailCount > 7) {
            return null;
        }
        System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        return toBytes(groups);
    }

    /**
     * Parses {@code h:h:...} into {@code out}; a final dotted quad counts as two groups and is allowed only
     * when this part ends the address. Returns the number of groups, or -1.
     */
    private static int parseGroups(String text, int[] out, boolean endsAddress) {
        int n = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ':') {
                String group = text.substring(start, i);
                if (endsAddress && i == text.length() && group.indexOf('.') >= 0) {
                    byte[] v4 = parseIpv4(group);
                    if (v4 == null || n + 2 > 8) {
                        return -1;
                    }
                    out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                    out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                    return n;
                }
                int value = hexGroup(group);
                if (value < 0 || n == 8) {
                    return -1;
                }
                out[n++] = value;
                start = i + 1;
            }
        }
        return n;
    }

    private static int hexGroup(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                d = c - 'A' + 10;
            } else {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    private static byte[] toBytes(int[] groups) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (groups[i] >> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        return out;
    }

    /**
     * RFC 5952 text, as Rust's {@code Ipv6Addr} displays it (so TCP addresses match what {@code ockam}
     * builds): lowercase, no leading zeros, the longest run of two or more zero groups (the first on a tie)
     * as {@code ::}, and IPv4-mapped addresses as {@code ::ffff:a.b.c.d}.
     */
    static String formatIpv6(byte[] bytes) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return "::ffff:" + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "."
                    + (bytes[15] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
