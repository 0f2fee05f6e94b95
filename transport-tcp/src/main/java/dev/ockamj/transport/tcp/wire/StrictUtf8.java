package dev.ockamj.transport.tcp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 decoding that rejects what Rust's {@code str::from_utf8} rejects (overlongs, surrogates, > U+10FFFF). */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    static String decode(byte[] bytes, int offset, int length, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw WireException.decode(what + " is not valid UTF-8");
        }
    }
}
