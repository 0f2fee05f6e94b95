package dev.ockamj.node.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.codec.NeutralMessage;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Byte-exact encodings (hand-computed from serde_bare's rules) and round trips. */
class BareTest {

    record Point(int x, String name, Optional<Long> z) {
    }

    enum Color { RED, GREEN, BLUE }

    sealed interface Shape permits Circle, Rect, Dot {
    }

    record Circle(double r) implements Shape {
    }

    record Rect(int w, int h) implements Shape {
    }

    record Dot() implements Shape {
    }

    record Unit() {
    }

    sealed interface Left permits Both {
    }

    sealed interface Right permits Both {
    }

    record Both(int x) implements Left, Right {
    }

    private record Secret(short a, char c, boolean b, byte y, float f) {
    }

    record Node(int value, List<Node> children) {
    }

    record Validated(int positive) {
        Validated {
            if (positive <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void helloOckamString() {
        byte[] bytes = Bare.encode("Hello Ockam!");
        assertEquals("0c48656c6c6f204f636b616d21", hex(bytes));
        assertEquals("Hello Ockam!", Bare.decode(bytes, String.class));
        assertArrayEquals(bytes, Bare.codec(String.class).encode("Hello Ockam!"));
        assertArrayEquals(bytes, Bare.encode("Hello Ockam!", String.class));
    }

    @Test
    void uvarint300() {
        BareWriter w = new BareWriter("test");
        w.uvarint(300);
        assertEquals("ac02", hex(w.toByteArray()));
        assertEquals(300, new BareReader(hex("ac02"), "test").uvarint("u"));
        // a 300-byte string carries the same prefix
        byte[] s = Bare.encode("a".repeat(300));
        assertEquals("ac02", hex(Arrays.copyOf(s, 2)));
        assertEquals(302, s.length);
    }

    @Test
    void uvarintBoundaries() {
        long[] values = {0, 1, 127, 128, 16383, 16384, Integer.MAX_VALUE, Long.MAX_VALUE, -1L};
        String[] expected = {"00", "01", "7f", "8001", "ff7f", "808001", "ffffffff07", "ffffffffffffffff7f",
                "ffffffffffffffffff01"};
        for (int i = 0; i < values.length; i++) {
            BareWriter w = new BareWriter("test");
            w.uvarint(values[i]);
            assertEquals(expected[i], hex(w.toByteArray()), "uvarint " + Long.toUnsignedString(values[i]));
            assertEquals(expected[i].length() / 2, BareWriter.uvarintSize(values[i]));
            assertEquals(values[i], new BareReader(w.toByteArray(), "test").uvarint("u"));
        }
    }

    @Test
    void nonMinimalUvarintIsAccepted() {
        assertEquals("abc", Bare.decode(hex("8300 616263"), String.class));
        assertEquals("abc", Bare.decode(hex("838000 616263"), String.class));
        assertEquals(0L, new BareReader(hex("80808080808080808000"), "t").uvarint("u"));
        assertEquals(Color.BLUE, Bare.decode(hex("8200"), Color.class));
    }

    @Test
    void point() {
        Point p = new Point(1, "ab", Optional.of(2L));
        byte[] bytes = Bare.encode(p);
        // i32 LE 1 | string "ab" | Some(i64 LE 2)
        assertEquals("01000000" + "026162" + "01" + "0200000000000000", hex(bytes));
        assertEquals(p, Bare.decode(bytes, Point.class));

        Point q = new Point(-2, "", Optional.empty());
        assertEquals("feffffff" + "00" + "00", hex(Bare.encode(q)));
        assertEquals(q, Bare.decode(hex("feffffff0000"), Point.class));
    }

    @Test
    void primitives() {
        assertEquals("01", hex(Bare.encode(true)));
        assertEquals("00", hex(Bare.encode(false)));
        assertEquals("ff", hex(Bare.encode((byte) -1)));
        assertEquals("3412", hex(Bare.encode((short) 0x1234)));
        assertEquals("78563412", hex(Bare.encode(0x12345678)));
        assertEquals("0807060504030201", hex(Bare.encode(0x0102030405060708L)));
        assertEquals("0000803f", hex(Bare.encode(1.0f)));
        assertEquals("000000000000f03f", hex(Bare.encode(1.0d)));
        assertEquals("41000000", hex(Bare.encode('A')));
        assertEquals("ac200000", hex(Bare.encode('\u20ac')));
        assertEquals(Integer.valueOf(-5), Bare.decode(Bare.encode(-5), int.class));
        assertEquals('\u20ac', Bare.decode(hex("ac200000"), char.class));
        assertTrue(Double.isNaN(Bare.decode(Bare.encode(Double.NaN), double.class)));
    }

    @Test
    void bytesAreVecU8() {
        byte[] payload = {1, 2, 3};
        assertEquals("03010203", hex(Bare.encode(payload)));
        assertArrayEquals(payload, Bare.decode(hex("03010203"), byte[].class));
        // byte-identical to a String of the same bytes (docs/wire.md §7)
        assertArrayEquals(Bare.encode("abc"), Bare.encode("abc".getBytes()));
        // Byte[] goes element by element but yields the same bytes
        assertEquals("03010203", hex(Bare.encode(new Byte[] {1, 2, 3})));
    }

    @Test
    void neutralMessageIsRaw() {
        NeutralMessage m = NeutralMessage.of(hex("0c48656c6c6f"));
        assertEquals("0c48656c6c6f", hex(Bare.encode(m)));
        assertEquals(m, Bare.decode(hex("0c48656c6c6f"), NeutralMessage.class));
        assertEquals(NeutralMessage.of(new byte[0]), Bare.decode(new byte[0], NeutralMessage.class));
    }

    @Test
    void enums() {
        assertEquals("00", hex(Bare.encode(Color.RED)));
        assertEquals("02", hex(Bare.encode(Color.BLUE)));
        assertEquals(Color.GREEN, Bare.decode(hex("01"), Color.class));
    }

    @Test
    void sealedInterfaceIsEnumWithFields() {
        assertEquals("00" + "000000000000f03f", hex(Bare.encode(new Circle(1.0), Shape.class)));
        assertEquals("01" + "02000000" + "03000000", hex(Bare.encode(new Rect(2, 3), Shape.class)));
        assertEquals("02", hex(Bare.encode(new Dot(), Shape.class)));
        assertEquals(new Rect(2, 3), Bare.decode(hex("010200000003000000"), Shape.class));
        assertEquals(new Dot(), Bare.decode(hex("02"), Shape.class));
        // a record with a sealed parent is always its enum's variant, by runtime class or by its own class
        assertEquals("01" + "02000000" + "03000000", hex(Bare.encode(new Rect(2, 3))));
        assertEquals("01" + "02000000" + "03000000", hex(Bare.encode(new Rect(2, 3), Rect.class)));
        assertEquals(new Rect(2, 3), Bare.decode(hex("010200000003000000"), Rect.class));
        assertEquals("02", hex(Bare.encode(new Dot())));
        // as the record, only its own variant decodes
        CodecException other = assertThrows(CodecException.class, () -> Bare.decode(hex("02"), Rect.class));
        assertTrue(other.getMessage().contains("Dot, not a"), other.getMessage());
        // inside collections, by runtime class too
        assertEquals("02" + "02" + "010200000003000000", hex(Bare.encode(List.of(new Dot(), new Rect(2, 3)))));
        assertEquals(List.of(new Dot(), new Rect(2, 3)),
                Bare.decode(hex("0202010200000003000000"), new TypeRef<List<Shape>>() {}));
    }

    @Test
    void aRecordPermittedByTwoSealedInterfacesMustBeEncodedAsOneOfThem() {
        CodecException e = assertThrows(CodecException.class, () -> Bare.encode(new Both(1)));
        assertTrue(e.getMessage().contains("variant of two sealed interfaces"), e.getMessage());
        assertEquals("00" + "01000000", hex(Bare.encode(new Both(1), Left.class)));
        assertEquals(new Both(1), Bare.decode(hex("0001000000"), Right.class));
    }

    @Test
    void unitStructIsEmpty() {
        assertEquals(0, Bare.encode(new Unit()).length);
        assertEquals(new Unit(), Bare.decode(new byte[0], Unit.class));
        Type units = new TypeRef<List<Unit>>() {}.type();
        assertEquals("03", hex(Bare.encode(List.of(new Unit(), new Unit(), new Unit()), units)));
        assertEquals(List.of(new Unit(), new Unit()), Bare.decode(hex("02"), units));
    }

    @Test
    void maps() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", -1);
        TypeRef<Map<String, Integer>> type = new TypeRef<>() {};
        byte[] bytes = Bare.codec(type).encode(m);
        assertEquals("02" + "0161" + "01000000" + "0162" + "ffffffff", hex(bytes));
        Map<String, Integer> back = Bare.decode(bytes, type);
        assertInstanceOf(LinkedHashMap.class, back);
        assertEquals(List.of("a", "b"), new ArrayList<>(back.keySet()));
        assertEquals(m, back);
        // a repeated key: the last value wins
        assertEquals(Map.of("a", 2), Bare.decode(hex("02 0161 01000000 0161 02000000"), type));
    }

    @Test
    void listsSetsAndArrays() {
        TypeRef<List<String>> list = new TypeRef<>() {};
        assertEquals("02016101 62".replace(" ", ""), hex(Bare.codec(list).encode(List.of("a", "b"))));
        assertEquals(List.of("a", "b"), Bare.decode(hex("0201610162"), list));

        TypeRef<Set<Short>> set = new TypeRef<>() {};
        Set<Short> decoded = Bare.decode(hex("03 0100 0200 0100"), set);
        assertInstanceOf(LinkedHashSet.class, decoded);
        assertEquals(List.of((short) 1, (short) 2), new ArrayList<>(decoded));

        assertEquals("02" + "01000000" + "02000000", hex(Bare.encode(new int[] {1, 2})));
        assertArrayEquals(new int[] {1, 2}, Bare.decode(hex("020100000002000000"), int[].class));
        assertArrayEquals(new String[] {"x"}, Bare.decode(hex("010178"), String[].class));
    }

    @Test
    void nestedGenericsRoundTrip() {
        TypeRef<List<Map<String, Optional<Point>>>> type = new TypeRef<>() {};
        Map<String, Optional<Point>> first = new LinkedHashMap<>();
        first.put("p", Optional.of(new Point(7, "seven", Optional.empty())));
        first.put("none", Optional.empty());
        List<Map<String, Optional<Point>>> value = List.of(first, Map.of(), Map.of("q",
                Optional.of(new Point(Integer.MIN_VALUE, "\u00e9\u20ac\ud83d\ude00", Optional.of(Long.MAX_VALUE)))));
        Codec<List<Map<String, Optional<Point>>>> codec = Bare.codec(type);
        byte[] bytes = codec.encode(value);
        assertEquals(value, codec.decode(bytes));
        assertEquals(value, Bare.decode(bytes, type.type()));
        // hand-checked prefix: 3 maps; first has 2 entries; "p" -> Some(Point(7, "seven", None))
        assertTrue(hex(bytes).startsWith("03" + "02" + "0170" + "01" + "07000000" + "05736576656e" + "00"));
    }

    @Test
    void genericArrayAndWildcard() {
        TypeRef<List<? extends Shape>> wild = new TypeRef<>() {};
        assertEquals(List.of(new Dot(), new Rect(1, 1)), Bare.decode(hex("02 02 01 01000000 01000000"), wild));
        TypeRef<List<String>[]> arr = new TypeRef<>() {};
        List<String>[] lists = Bare.decode(hex("02 01 0161 00"), arr);
        assertEquals(List.of("a"), lists[0]);
        assertEquals(List.of(), lists[1]);
    }

    @Test
    void nonPublicRecordsAndConstructorValidation() {
        Secret s = new Secret((short) -2, 'z', true, (byte) 9, 0.5f);
        assertEquals("feff" + "7a000000" + "01" + "09" + "0000003f", hex(Bare.encode(s)));
        assertEquals(s, Bare.decode(Bare.encode(s), Secret.class));

        record Local(String a) {
        }
        assertEquals(new Local("x"), Bare.decode(Bare.encode(new Local("x")), Local.class));

        CodecException e = assertThrows(CodecException.class, () -> Bare.decode(hex("00000000"), Validated.class));
        assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
    }

    @Test
    void recursiveRecords() {
        Node tree = new Node(1, List.of(new Node(2, List.of()), new Node(3, List.of(new Node(4, List.of())))));
        byte[] bytes = Bare.encode(tree);
        assertEquals("01000000 02 02000000 00 03000000 01 04000000 00".replace(" ", ""), hex(bytes));
        assertEquals(tree, Bare.decode(bytes, Node.class));

        Node deep = new Node(0, List.of());
        for (int i = 0; i < 100; i++) {
            deep = new Node(i, List.of(deep));
        }
        assertEquals(deep, Bare.decode(Bare.encode(deep), Node.class));
    }

    @Test
    void tooDeepFailsBothWays() {
        Node deep = new Node(0, List.of());
        for (int i = 0; i < 200; i++) {
            deep = new Node(i, List.of(deep));
        }
        Node tooDeep = deep;
        assertThrows(CodecException.class, () -> Bare.encode(tooDeep));

        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            h.append("0000000001");
        }
        h.append("0000000000");
        CodecException e = assertThrows(CodecException.class, () -> Bare.decode(hex(h.toString()), Node.class));
        assertTrue(e.getMessage().contains("nesting deeper than 128"), e.getMessage());
    }

    @Test
    void encodeByRuntimeClassOfUntypedContainers() {
        List<Object> mixed = new ArrayList<>();
        mixed.add("a");
        mixed.add(1);
        mixed.add(new Point(1, "", Optional.empty()));
        mixed.add(Optional.of(Color.BLUE));
        mixed.add(Map.of("k", new byte[] {5}));
        assertEquals(("05" + "0161" + "01000000" + "01000000 00 00" + "01 02" + "01 016b 0105").replace(" ", ""),
                hex(Bare.encode(mixed)));
        assertEquals(hex(Bare.encode(List.of("a", "b"), new TypeRef<List<String>>() {}.type())),
                hex(Bare.encode(List.of("a", "b"))));

        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(CodecException.class, () -> Bare.encode(cycle));
    }

    @Test
    void bytesLeftAfterTheValueAreRejected() {
        // serde_bare's from_slice would ignore them; here they mean the bytes are another type
        CodecException e = assertThrows(CodecException.class, () -> Bare.decode(hex("026869 ffff"), String.class));
        assertTrue(e.getMessage().contains("2 bytes left after the value"), e.getMessage());
        assertThrows(CodecException.class, () -> Bare.decode(hex("01000000 0161 00 01"), Point.class));
        // what the issue saw: "hello" as a record Amount(int) read 4 of its 6 bytes
        record Amount(int value) {
        }
        assertThrows(CodecException.class, () -> Bare.decode(Bare.encode("hello"), Amount.class));
        // a Count(2) as a String read "\0\0" before
        assertThrows(CodecException.class, () -> Bare.decode(Bare.encode(new Amount(2)), String.class));
        // what fills the input still decodes
        assertEquals("hi", Bare.decode(hex("026869"), String.class));
        assertEquals(new Point(1, "a", Optional.empty()), Bare.decode(hex("01000000 0161 00"), Point.class));
    }

    @Test
    void codecsAreCached() {
        assertSame(Bare.codec(Point.class), Bare.codec(Point.class));
        assertSame(Bare.codec(new TypeRef<List<Point>>() {}), Bare.codec(new TypeRef<List<Point>>() {}));
        assertSame(Bare.codec(int.class), Bare.codec(Integer.class));
    }

    @Test
    void unsupportedTypesFailAtCodecTime() {
        for (Type t : List.<Type>of(Object.class, List.class, Runnable.class, Thread.class,
                new TypeRef<List<Object>>() {}.type(), new TypeRef<Map<String, Runnable>>() {}.type())) {
            CodecException e = assertThrows(CodecException.class, () -> Bare.codec(t), t.getTypeName());
            assertTrue(e.getMessage().contains("cannot be encoded as BARE"), e.getMessage());
        }
        CodecException e = assertThrows(CodecException.class, () -> Bare.codec(new TypeRef<List<Object>>() {}));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void encodeErrorsAreDecodeKind() {
        assertThrows(CodecException.class, () -> Bare.encode(new Point(1, null, Optional.empty())));
        assertThrows(CodecException.class, () -> Bare.encode(null));
        assertThrows(CodecException.class, () -> Bare.encode('\ud800'));
        assertThrows(CodecException.class, () -> Bare.encode("not a point", Point.class));
    }
}
