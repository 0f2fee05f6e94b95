package dev.ockamj.transport.tcp.internal.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Drives the inbound state machines the way a socket layer would, and records their outcomes. */
final class Feeding {

    private Feeding() {
    }

    /** How bytes arrive: all at once, one at a time, or in random pieces. */
    enum Chunking {
        WHOLE, BYTE_BY_BYTE, RANDOM
    }

    static List<Outcome> v1(byte[] input, boolean eof, Chunking chunking, long seed) {
        V1Inbound inbound = new V1Inbound();
        List<Outcome> outcomes = feed(input, chunking, seed, inbound::feed);
        if (eof) {
            inbound.onEof().ifPresent(outcomes::add);
        }
        return outcomes;
    }

    static List<Outcome> legacy(byte[] input, boolean eof, Chunking chunking, long seed) {
        LegacyInbound inbound = new LegacyInbound();
        List<Outcome> outcomes = feed(input, chunking, seed, inbound::feed);
        if (eof) {
            inbound.onEof().ifPresent(outcomes::add);
        }
        return outcomes;
    }

    static List<Outcome> feed(byte[] input, Chunking chunking, long seed,
                              BiConsumer<ByteBuffer, Consumer<? super Outcome>> inbound) {
        List<Outcome> outcomes = new ArrayList<>();
        Random random = new Random(seed);
        int position = 0;
        while (position < input.length) {
            int n = switch (chunking) {
                case WHOLE -> input.length;
                case BYTE_BY_BYTE -> 1;
                case RANDOM -> 1 + random.nextInt(Math.min(input.length - position, 64));
            };
            n = Math.min(n, input.length - position);
            ByteBuffer chunk = ByteBuffer.wrap(input, position, n).slice();
            inbound.accept(chunk, outcomes::add);
            if (chunk.hasRemaining()) {
                throw new AssertionError("feed() left " + chunk.remaining() + " bytes unconsumed");
            }
            position += n;
        }
        return outcomes;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int position = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, position, p.length);
            position += p.length;
        }
        return out;
    }
}
