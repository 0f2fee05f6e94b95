package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ockamj.node.Address;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The legacy BARE body (docs/wire.md §9), beyond the golden vectors. */
class LegacyBareTest {

    // Routes of one_hop_local_hello: [0#echoer], [0#app]; then the payload 0c "Hello Ockam!".
    private static final String ROUTES = "0100066563686f6572" + "010003617070";
    private static final String PAYLOAD = "0d0c48656c6c6f204f636b616d21";
    private static final TransportMessage HELLO = new TransportMessage(
            Route.of("echoer"), Route.of("app"), hex("0c48656c6c6f204f636b616d21"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            version 1                              | 01 ROUTES PAYLOAD
            version 1 ignores any trailer          | 01 ROUTES PAYLOAD ffff0203
            version 2 without trailer              | 02 ROUTES PAYLOAD
            version 2 with none                    | 02 ROUTES PAYLOAD 00
            version 2 ignores bytes after trailer  | 02 ROUTES PAYLOAD 00 ff
            non-minimal uvarints                   | 01 8100 00 868000 6563686f6572 8100 00 8300 617070 8d00 0c48656c6c6f204f636b616d21
            """)
    void accepts(String name, String body) {
        assertEquals(HELLO, LegacyBare.decodeBody(hex(expand(body))), name);
    }

    @Test
    void readsVersion2TracingContext() {
        assertEquals("aa", LegacyBare.decodeBody(hex(expand("02 ROUTES PAYLOAD 01 02 6161"))).tracingContext());
    }

    @Test
    void addressTypeIsOneRawByteAndValueIsRawBytes() {
        TransportMessage m = LegacyBare.decodeBody(hex("01 01 ff 02 fffe 00 00".replace(" ", "")));
        assertEquals(Address.of(255, new byte[] {(byte) 0xff, (byte) 0xfe}), m.onwardRoute().next());
    }

    @Test
    void encodesMinimalUvarintsForLongValues() {
        byte[] payload = new byte[300];
        byte[] body = LegacyBare.encodeBody(new TransportMessage(Route.empty(), Route.of("a".repeat(128)), payload));
        assertEquals("01" + "00" + "01" + "00" + "8001" + "61".repeat(128) + "ac02", hex(body).substring(0, 2 * (6 + 128 + 2)));
        assertEquals(body.length, LegacyBare.bodyLength(new TransportMessage(Route.empty(), Route.of("a".repeat(128)), payload)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty body                             | ''
            version 0                              | 00 ROUTES PAYLOAD
            version 3                              | 03 ROUTES PAYLOAD
            version 255                            | ff ROUTES PAYLOAD
            no routes                              | 01
            onward count without addresses         | 01 02 00066563686f6572
            address without value length           | 01 01 00
            address value longer than the body     | 01 01 00 07 6563686f6572
            no return route                        | 01 0100066563686f6572
            no payload                             | 01 ROUTES
            payload longer than the body           | 01 ROUTES 0e0c48656c6c6f204f636b616d21
            2^64-1 addresses claimed               | 01 ffffffffffffffffff01 00 00
            uvarint above 64 bits                  | 01 ffffffffffffffffff02 00 00
            uvarint of 11 bytes                    | 01 80808080808080808080 00 00 00
            huge payload length                    | 01 00 00 ffffffff0f
            version 2 bad optional tag             | 02 ROUTES PAYLOAD 02
            version 2 tag without string           | 02 ROUTES PAYLOAD 01
            version 2 string longer than the body  | 02 ROUTES PAYLOAD 01 05 6161
            version 2 invalid UTF-8                | 02 ROUTES PAYLOAD 01 02 c080
            """)
    void rejects(String name, String body) {
        WireException e = assertThrows(WireException.class, () -> LegacyBare.decodeBody(hex(expand(body))), name);
        assertEquals(OckamException.Kind.DECODE, e.kind());
        Expected.assertLoggable(e.getMessage());
    }

    private static String expand(String body) {
        return body.replace("ROUTES", ROUTES).replace("PAYLOAD", PAYLOAD).replace(" ", "");
    }
}
