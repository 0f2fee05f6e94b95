package dev.ockamj.transport.tcp.internal.wire;

import dev.ockamj.node.internal.Utf8;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding for the wire: what Rust's {@code str::from_utf8} rejects is a decode error. */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    static String decode(byte[] bytes, int offset, int length, String what) {
        if (!Utf8.isValid(bytes, offset, length)) {
            throw WireException.decode(what + " is not valid UTF-8");
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
