package dev.ockamj.node.internal;

import dev.ockamj.node.OckamException;
import java.net.InetSocketAddress;

/**
 * ockamj's one {@code host:port} parser: {@code host:port} or {@code [v6]:port}, as in the value of a
 * {@code 1#...} address, a listener's bind address or a cluster seed. The port is 0..65535 in ASCII digits.
 */
public record HostPort(String host, int port) {

    /**
     * Parses {@code text}.
     *
     * @throws OckamException INVALID_ADDRESS naming the input if it is not {@code host:port} or {@code [v6]:port}
     */
    public static HostPort parse(String text) {
        if (text == null) {
            throw invalid("null");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw invalid(text);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw invalid(text);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        // ASCII digits only, as Rust's u16 parsing: Character.isDigit (and Integer.parseInt) take any script's
        if (host.isEmpty() || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(text);
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw invalid(text);
        }
        return new HostPort(host, p);
    }

    private static OckamException invalid(String text) {
        return new OckamException(OckamException.Kind.INVALID_ADDRESS, "invalid TCP address '"
                + Printable.escape(text, 200) + "': expected host:port, e.g. 127.0.0.1:4000 or [::1]:4000");
    }

    /** Resolves the host name: may block on DNS. */
    public InetSocketAddress resolve() {
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new OckamException(OckamException.Kind.TRANSPORT, "cannot resolve host '" + Printable.escape(host, 200) + "'");
        }
        return a;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
