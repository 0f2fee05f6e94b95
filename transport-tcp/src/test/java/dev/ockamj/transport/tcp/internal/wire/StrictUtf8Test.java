package dev.ockamj.transport.tcp.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ockamj.node.internal.Utf8;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8} (through {@link StrictUtf8} on the wire) checks bytes in place; it must accept and reject exactly what the JDK's reporting
 * UTF-8 decoder does (which, like Rust's {@code str::from_utf8}, rejects overlongs, surrogates and code points
 * above U+10FFFF), and decode to the same text.
 */
class StrictUtf8Test {

    @Test
    void agreesWithTheJdkOnEverySequenceOfUpToThreeBytes() {
        byte[] b = new byte[3];
        for (int x = 0; x < 256; x++) {
            b[0] = (byte) x;
            check(b, 1);
            for (int y = 0; y < 256; y++) {
                b[1] = (byte) y;
                check(b, 2);
                if (x >= 0xc0) { // lead bytes of longer sequences: every third byte
                    for (int z = 0; z < 256; z++) {
                        b[2] = (byte) z;
                        check(b, 3);
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkOnFourByteSequencesAndRandomText() {
        int[] edges = {0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
        byte[] b = new byte[4];
        for (int x = 0xe0; x < 0x100; x++) {
            for (int y = 0; y < 256; y++) {
                for (int z : edges) {
                    for (int w : edges) {
                        b[0] = (byte) x;
                        b[1] = (byte) y;
                        b[2] = (byte) z;
                        b[3] = (byte) w;
                        check(b, 4);
                    }
                }
            }
        }
        Random random = new Random(0x57A1C7L);
        for (int i = 0; i < 100_000; i++) {
            byte[] text = new byte[random.nextInt(24)];
            for (int k = 0; k < text.length; k++) {
                text[k] = (byte) switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> 0x80 + random.nextInt(0x40);
                    case 2 -> 0xc0 + random.nextInt(0x40);
                    default -> random.nextInt(256);
                };
            }
            check(text, text.length);
        }
    }

    private static final CharsetDecoder JDK = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private static final CharBuffer OUT = CharBuffer.allocate(64);

    /** Compares without exceptions on the way (millions of stack traces would dominate the run time). */
    private static void check(byte[] bytes, int length) {
        JDK.reset();
        OUT.clear();
        CoderResult result = JDK.decode(ByteBuffer.wrap(bytes, 0, length), OUT, true);
        boolean jdkValid = !result.isError() && !JDK.flush(OUT).isError();
        boolean ours = Utf8.isValid(bytes, 0, length);
        if (jdkValid != ours) {
            assertEquals(jdkValid, ours, () -> "well-formed? " + HexFormat.of().formatHex(bytes, 0, length));
        }
        if (ours) {
            String text = StrictUtf8.decode(bytes, 0, length, "text");
            OUT.flip();
            if (!OUT.toString().equals(text)) {
                assertEquals(OUT.toString(), text, HexFormat.of().formatHex(bytes, 0, length));
            }
        } else if (bytes[0] == (byte) 0xed) { // a sample: decode() rejects what isValid() rejects
            assertThrows(WireException.class, () -> StrictUtf8.decode(bytes, 0, length, "text"));
        }
    }
}
