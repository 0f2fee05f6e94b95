package dev.ockamj.transport.tcp.internal.wire;

import static dev.ockamj.transport.tcp.internal.wire.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ockamj.node.Address;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What minicbor accepts and rejects (docs/wire.md §4 "Decoder"), beyond the golden vectors. */
class CborV1DecodeTest {

    // Pieces of one_hop_local_hello: [0#echoer], [0#app], 13-byte payload.
    private static final String ECHOER = "8200466563686f6572";
    private static final String APP = "820043617070";
    private static final String PAYLOAD = "4d0c48656c6c6f204f636b616d21";
    private static final String ROUTES = "81" + ECHOER + "81" + APP;
    private static final TransportMessage HELLO = new TransportMessage(
            Route.of("echoer"), Route.of("app"), hex("0c48656c6c6f204f636b616d21"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            definite arrays                        | 83 ROUTES PAYLOAD
            indefinite message array               | 9f ROUTES PAYLOAD ff
            indefinite route arrays                | 83 9f ECHOER ff 9f APP ff PAYLOAD
            indefinite address arrays              | 83 81 9f00466563686f6572ff 81 9f0043617070ff PAYLOAD
            non-shortest array and string heads    | 9803 9801 ECHOER 81 APP 580d0c48656c6c6f204f636b616d21
            transport type as 18 00                | 83 81 821800466563686f6572 81 APP PAYLOAD
            transport type as 19 0000              | 83 81 82190000466563686f6572 81 APP PAYLOAD
            transport type as 1a 00000000          | 83 81 821a00000000466563686f6572 81 APP PAYLOAD
            transport type as 1b 0000000000000000  | 83 81 821b0000000000000000466563686f6572 81 APP PAYLOAD
            explicit null tracing context          | 84 ROUTES PAYLOAD f6
            null tracing context then more         | 86 ROUTES PAYLOAD f6 07 80
            extra elements of any shape are skipped| 85 ROUTES PAYLOAD f6 9fa1616b8201c1005f4100ffff
            address with a third element           | 83 81 8300466563686f6572a0 81 APP PAYLOAD
            indefinite address with extra element  | 83 81 9f00466563686f65729f01ffff 81 APP PAYLOAD
            bytes after the first item are ignored | 83 ROUTES PAYLOAD ffff00c0
            skipped map keys of any type           | 85 ROUTES PAYLOAD f6 a2c1f400 9f01ff f5
            """)
    void acceptsWhatRustAccepts(String name, String body) {
        assertEquals(HELLO, CborV1.decodeBody(hex(expand(body))), name);
    }

    @Test
    void acceptsAnyTransportTypeUpTo255AndRawAddressBytes() {
        TransportMessage m = CborV1.decodeBody(hex("83 81 8218ff42fffe 80 40".replace(" ", "")));
        assertEquals(Address.of(255, new byte[] {(byte) 0xff, (byte) 0xfe}), m.onwardRoute().next());
        assertEquals(Route.empty(), m.returnRoute());
        assertArrayEquals(new byte[0], m.payload());
        assertNull(m.tracingContext());
    }

    @Test
    void readsTracingContextIncludingFourByteUtf8() {
        assertEquals("a\uD83D\uDC1D", CborV1.decodeBody(hex(expand("84 ROUTES PAYLOAD 6561f09f909d"))).tracingContext());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty body                                  | ''
            zero elements                               | 80
            one element                                 | 81 80
            two elements                                | 82 80 80
            indefinite with two elements                | 9f 80 80 ff
            map instead of the message                  | a0
            map instead of a route                      | 83 a0 80 40
            route element is not an array               | 83 81 00 80 40
            tag on the message                          | c0 83 ROUTES PAYLOAD
            self-describe tag on the message            | d9d9f7 83 ROUTES PAYLOAD
            tag on a route                              | 83 c1 81 ECHOER 81 APP PAYLOAD
            tag on an address                           | 83 81 c1 ECHOER 81 APP PAYLOAD
            bignum transport type                       | 83 81 82c24100466563686f6572 81 APP PAYLOAD
            tag on the payload                          | 83 ROUTES d818 PAYLOAD
            string reference tag as the payload         | 83 ROUTES d81900
            tag on the tracing context                  | 84 ROUTES PAYLOAD c0 6161
            negative transport type                     | 83 81 8220466563686f6572 81 APP PAYLOAD
            transport type 256                          | 83 81 82190100466563686f6572 81 APP PAYLOAD
            transport type 2^64-1                       | 83 81 821bffffffffffffffff466563686f6572 81 APP PAYLOAD
            float transport type                        | 83 81 82f90000466563686f6572 81 APP PAYLOAD
            simple value 0 as transport type            | 83 81 82e0466563686f6572 81 APP PAYLOAD
            simple value 255 as transport type          | 83 81 82f8ff466563686f6572 81 APP PAYLOAD
            false as transport type                     | 83 81 82f4466563686f6572 81 APP PAYLOAD
            text address value                          | 83 81 8200666563686f6572 81 APP PAYLOAD
            indefinite address value                    | 83 81 82005f466563686f6572ff 81 APP PAYLOAD
            empty indefinite address value              | 83 81 82005fff 81 APP PAYLOAD
            address with one element                    | 83 81 8100 81 APP PAYLOAD
            address with no element                     | 83 81 80 81 APP PAYLOAD
            text payload                                | 83 ROUTES 6161
            null payload                                | 83 ROUTES f6
            indefinite payload                          | 83 ROUTES 5f4161ff
            bytes tracing context                       | 84 ROUTES PAYLOAD 426161
            undefined tracing context                   | 84 ROUTES PAYLOAD f7
            indefinite tracing context                  | 84 ROUTES PAYLOAD 7f626161ff
            overlong UTF-8 tracing context              | 84 ROUTES PAYLOAD 62c080
            surrogate in tracing context                | 84 ROUTES PAYLOAD 63eda080
            code point above U+10FFFF                   | 84 ROUTES PAYLOAD 64f4908080
            truncated UTF-8 at the end of the body      | 84 ROUTES PAYLOAD 61c3
            bad continuation byte                       | 84 ROUTES PAYLOAD 62c328
            lone continuation byte                      | 84 ROUTES PAYLOAD 6180
            truncated body                              | 83 ROUTES 4d0c48656c6c6f204f636b616d
            truncated indefinite message                | 9f ROUTES PAYLOAD
            break inside a definite array               | 83 80 ff
            reserved additional information             | 83 80 80 5c
            malformed skipped element                   | 85 ROUTES PAYLOAD f6 ff
            truncated skipped element                   | 85 ROUTES PAYLOAD f6 82 00
            skipped tag followed by a break             | 85 ROUTES PAYLOAD f6 9fc0ffff
            tag then the end of a route                 | 83 9f c0ff 81 APP PAYLOAD
            skipped simple value below 32 in two bytes  | 85 ROUTES PAYLOAD f6 f81f
            skipped indefinite string of another type   | 85 ROUTES PAYLOAD f6 5f6161ff
            2^64 skipped elements claimed               | 85 ROUTES PAYLOAD f6 9bffffffffffffffff 00
            """)
    void rejectsWhatRustRejects(String name, String body) {
        WireException e = assertThrows(WireException.class, () -> CborV1.decodeBody(hex(expand(body))), name);
        assertEquals(OckamException.Kind.DECODE, e.kind());
        Expected.assertLoggable(e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            4 GiB payload claimed                 | 83 80 80 5affffffff
            2 GiB payload claimed                 | 83 80 80 5a7fffffff 00
            2^64 byte payload claimed             | 83 80 80 5bffffffffffffffff
            2^63 byte payload claimed             | 83 80 80 5b8000000000000000
            4 GiB tracing context claimed         | 84 80 80 40 7affffffff
            4 GiB address value claimed           | 83 81 82 00 5affffffff
            2^64 addresses claimed                | 83 9bffffffffffffffff 80
            2^64 message elements claimed         | 9bffffffffffffffff 80 80 40
            """)
    void hugeClaimedLengthsFailFast(String name, String body) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThrows(WireException.class, () -> CborV1.decodeBody(hex(expand(body))), name));
    }

    @Test
    void deepNestingFailsWithWireException() {
        for (String open : new String[] {"81", "9f", "a1 6161"}) {
            String body = "85808040f6" + open.replace(" ", "").repeat(200_000);
            WireException e = assertThrows(WireException.class, () -> CborV1.decodeBody(hex(body)), open);
            Expected.assertLoggable(e.getMessage());
        }
    }

    @Test
    void nestingWithinTheLimitIsSkipped() {
        String body = "85808040f6" + "81".repeat(900) + "80";
        assertEquals(new TransportMessage(Route.empty(), Route.empty(), new byte[0]), CborV1.decodeBody(hex(body)));
    }

    @Test
    void errorMessagesDoNotEchoPeerText() {
        // A map key in a skipped element is peer text: no complaint about it may carry it unescaped.
        String key = "\u001b[31mevil\n";
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        String body = "85808040f6" + "a1" + String.format("%02x", 0x60 + keyBytes.length) + hex(keyBytes);
        WireException e = assertThrows(WireException.class, () -> CborV1.decodeBody(hex(body)));
        Expected.assertLoggable(e.getMessage());
    }

    /** Hex with spaces and the named pieces above. */
    private static String expand(String body) {
        return body.replace("ROUTES", ROUTES).replace("ECHOER", ECHOER).replace("APP", APP)
                .replace("PAYLOAD", PAYLOAD).replace(" ", "");
    }
}
