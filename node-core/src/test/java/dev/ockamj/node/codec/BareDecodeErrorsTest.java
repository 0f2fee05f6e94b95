package dev.ockamj.node.codec;

import dev.ockamj.node.internal.Utf8;
import static dev.ockamj.node.codec.BareTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ockamj.node.codec.NeutralMessage;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Malformed and hostile input: only CodecException may come out, and it must come out fast. */
class BareDecodeErrorsTest {

    enum Flag { ON, OFF }

    sealed interface Msg permits Ping, Data, Tree {
    }

    record Ping() implements Msg {
    }

    record Data(byte[] payload, Optional<String> note, char c) implements Msg {
    }

    record Tree(long id, List<Tree> kids, Optional<Tree> next) implements Msg {
    }

    record Empty() {
    }

    record A(List<B> bs, int x) {
    }

    record B(Optional<A> a) {
    }

    /** A nested type exercising every codec, for the fuzz loop. */
    record Fuzz(int i, boolean b, String s, Optional<Long> l, List<Msg> msgs, Map<String, Flag> flags,
            Set<Short> shorts, double[] ds, List<Empty> units, Map<Empty, Empty> unitMap, NeutralMessage rest) {
    }

    static CodecException decodeFails(byte[] bytes, Type type) {
        CodecException e = assertThrows(CodecException.class, () -> Bare.decode(bytes, type));
        assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
        return e;
    }

    @Test
    void invalidUtf8() {
        CodecException e = decodeFails(hex("03 61 c3 28"), String.class);
        assertTrue(e.getMessage().contains("String") && e.getMessage().contains("offset 2"), e.getMessage());
        decodeFails(hex("01 80"), String.class); // stray continuation
        decodeFails(hex("02 c0 80"), String.class); // overlong NUL
        decodeFails(hex("03 ed a0 80"), String.class); // UTF-16 surrogate
        decodeFails(hex("04 f4 90 80 80"), String.class); // above U+10FFFF
        decodeFails(hex("02 e2 82"), String.class); // truncated sequence
    }

    @Test
    void truncatedInput() {
        decodeFails(hex("05 616263"), String.class);
        decodeFails(hex(""), String.class);
        decodeFails(hex("010203"), int.class);
        decodeFails(hex("01000000 02 61"), BareTest.Point.class);
        decodeFails(hex("01000000 0161 01 0200"), BareTest.Point.class);
        decodeFails(hex("80"), String.class); // uvarint cut short
    }

    @Test
    void boolAndOptionalTagsMustBeZeroOrOne() {
        CodecException e = decodeFails(hex("02"), Boolean.class);
        assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
        decodeFails(hex("02"), boolean.class);
        decodeFails(hex("01000000 0161 02"), BareTest.Point.class);
    }

    @Test
    void badVariantIndexes() {
        decodeFails(hex("02"), Flag.class);
        decodeFails(hex("ffffffff0f"), Flag.class);
        decodeFails(hex("03"), Msg.class);
    }

    @Test
    void charOutsideJavaRange() {
        decodeFails(hex("00f60100"), char.class); // U+1F600
        decodeFails(hex("00d80000"), char.class); // surrogate
        decodeFails(hex("ffffffff"), char.class);
    }

    @Test
    void hostileCountsFailFast() {
        Type strings = new TypeRef<List<String>>() {}.type();
        decodeFails(hex("ffffffffff1f"), strings); // 0xFFFFFFFFFF
        decodeFails(hex("ffffffff0f"), strings);
        decodeFails(hex("ffffffffffffffffff01"), strings); // u64 max
        decodeFails(hex("ffffffffff1f"), String.class);
        decodeFails(hex("ffffffffff1f"), byte[].class);
        decodeFails(hex("ffffffffff1f"), new TypeRef<Map<String, String>>() {}.type());
        decodeFails(hex("ffffffff07"), long[].class);
        decodeFails(hex("05 01000000"), int[].class); // 5 ints cannot fit in 4 bytes
        // zero-size elements: bounded by a per-message budget, not by the input
        Type units = new TypeRef<List<Empty>>() {}.type();
        assertEquals(1000, ((List<?>) Bare.decode(hex("e807"), units)).size());
        decodeFails(hex("ffffffffff1f"), units);
        assertEquals(1 << 20, ((List<?>) Bare.decode(hex("8080c000"), units)).size()); // exactly the budget
        decodeFails(hex("8180c000"), units); // 2^20 + 1
        // nested zero-size lists share the budget: 100 lists of 2^19 units each would be 52M objects
        StringBuilder nested = new StringBuilder("64");
        for (int i = 0; i < 100; i++) {
            nested.append("808020");
        }
        decodeFails(hex(nested.toString()), new TypeRef<List<List<Empty>>>() {}.type());
    }

    @Test
    void uvarintOverflow() {
        decodeFails(hex("ffffffffffffffffff02 00"), String.class); // 10th byte > 1
        decodeFails(hex("ffffffffffffffffffff01"), String.class); // 11 bytes
        decodeFails(hex("80808080808080808080 00"), String.class);
        CodecException e = assertThrows(CodecException.class,
                () -> new BareReader(hex("ffffffffffffffffff02"), "t").uvarint("u"));
        assertEquals(-1L, new BareReader(hex("ffffffffffffffffff01"), "t").uvarint("u"));
    }

    @Test
    void nullInput() {
        assertThrows(CodecException.class, () -> Bare.decode(null, String.class));
    }

    @Test
    void utf8ValidatorAgreesWithJdkStrictDecoder() {
        Random random = new Random(7);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            boolean jdkValid;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                jdkValid = true;
            } catch (CharacterCodingException e) {
                jdkValid = false;
            }
            assertEquals(jdkValid, Utf8.firstInvalid(b, 0, b.length) < 0, BareTest.hex(b));
        }
    }

    @Test
    void fuzzRandomBytes() {
        Random random = new Random(20240617);
        Codec<Fuzz> codec = Bare.codec(Fuzz.class);
        byte[] valid = codec.encode(sample());
        assertEquals(sample().s(), codec.decode(valid).s());
        int ok = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] input;
            if (n % 2 == 0) {
                input = new byte[random.nextInt(96)];
                random.nextBytes(input);
            } else { // mutate a valid encoding so decoding gets deeper
                input = valid.clone();
                for (int k = 1 + random.nextInt(4); k > 0; k--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
                if (random.nextBoolean()) {
                    input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
                }
            }
            try {
                codec.decode(input);
                ok++;
            } catch (CodecException e) {
                // the codecs' own checks caught it, not BareCodec's safety net for stray runtime exceptions
                assertFalse(e.getMessage().contains("unexpected java."), e.getMessage());
            } catch (RuntimeException e) {
                fail("input " + BareTest.hex(input) + " threw " + e, e);
            }
        }
        assertTrue(ok > 0, "some mutated inputs should still decode");
    }

    @Test
    void concurrentResolutionOfRecursiveTypes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<A>> tasks = new ArrayList<>();
            A value = new A(List.of(new B(Optional.of(new A(List.of(), 2))), new B(Optional.empty())), 1);
            for (int i = 0; i < 32; i++) {
                tasks.add(() -> Bare.decode(Bare.encode(value), A.class));
            }
            for (Future<A> f : pool.invokeAll(tasks)) {
                assertEquals(value, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Fuzz sample() {
        return new Fuzz(42, true, "h\u00e9llo", Optional.of(-1L),
                List.of(new Ping(), new Data(new byte[] {1, 2}, Optional.of("n"), 'x'),
                        new Tree(9, List.of(new Tree(10, List.of(), Optional.empty())), Optional.empty())),
                Map.of("a", Flag.OFF), Set.of((short) 3), new double[] {0.5}, List.of(new Empty(), new Empty()),
                Map.of(new Empty(), new Empty()), NeutralMessage.of(new byte[] {9, 9}));
    }
}
