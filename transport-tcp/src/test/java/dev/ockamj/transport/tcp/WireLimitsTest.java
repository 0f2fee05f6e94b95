package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Echoer;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.internal.wire.CborV1;
import dev.ockamj.transport.tcp.internal.wire.LegacyBare;
import dev.ockamj.transport.tcp.internal.wire.LegacyInbound;
import dev.ockamj.transport.tcp.internal.wire.LegacyOutbound;
import dev.ockamj.transport.tcp.internal.wire.Outcome;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Inbound;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import dev.ockamj.transport.tcp.internal.wire.WireException;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The size limits of docs/wire.md §3, §8 and §9 at their edges, through the pure state machines and over real
 * sockets to a live node. The spec's only limit is the body length (16 MiB, or 65,535 bytes for LEGACY): a
 * longer frame closes the connection (LEGACY cannot announce one), anything within it is accepted whatever its
 * shape — a route of a million hops, an address value of megabytes. No hop or address limit exists in Rust.
 *
 * <p>"Without an allocation larger than the limit" is measured with {@code ThreadMXBean#getThreadAllocatedBytes}
 * on the pure path (the minimum of three runs, so class loading and JIT do not count), and as the heap after a
 * full GC on the live path. Figures go to standard output and to docs/reliability-parts/bad-input.md.
 */
@Tag("hardening")
class WireLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX = CborV1.MAX_BODY_LEN;
    private static final int MIB = 1 << 20;
    /** What refusing or closing may allocate: an exception and its message, nothing sized by the input. */
    private static final long SMALL = 16 * 1024;
    /**
     * Live heap bound after a full GC, above the baseline: less than two maximum-size bodies, so one body or
     * connection state kept after its connection closed would show; 64 stalled connections that each made the
     * node allocate its announced 16 MiB would exceed it 30-fold.
     */
    private static final long HEAP_SLACK = 32L * MIB;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static Node node;
    private static Node client;
    private static TcpTransport tcp;
    private static TcpTransport clientTcp;
    private static TcpListener v1;
    private static TcpListener legacy;
    private static long heapBaseline;

    @BeforeAll
    static void start() throws IOException {
        node = Node.builder().name("limits").config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        client = Node.builder().name("limits-client").config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        node.startWorker("echoer", new Echoer());
        tcp = TcpTransport.create(node);
        clientTcp = TcpTransport.create(client);
        v1 = tcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().allow("echoer"));
        legacy = tcp.listen("127.0.0.1:0", TcpListenerOptions.defaults().protocol(TcpProtocol.LEGACY).allow("echoer"));
        // warm both paths up before the baseline, so that what they load once is not counted
        echoOverV1(message(Route.of("echoer"), Route.of("app"), new byte[1000]));
        echoOverLegacy(message(Route.of("echoer"), Route.of("app"), new byte[1000]));
        waitFor(() -> tcp.connections().isEmpty(), "connections closed");
        heapBaseline = usedHeapAfterGc();
        System.out.printf("[limits] live heap baseline %.1f MiB%n", heapBaseline / (double) MIB);
    }

    @AfterAll
    static void stop() {
        client.stop();
        node.stop();
    }

    // ---------------------------------------------------------------- pure state machines, current protocol

    @Test
    void prefixesAboveTheLimitCloseAtOnceWithoutReadingOrAllocatingTheBody() {
        byte[] after = new byte[MIB]; // bytes a body would be made of: they must be skipped, not copied
        for (long length : new long[] {MAX + 1L, 0x0200_0000L, 0x7fff_ffffL, 0x8000_0000L, 0xffff_fffeL, 0xffff_ffffL}) {
            List<Outcome> outcomes = new ArrayList<>();
            byte[] input = concat(prefix(length), after);
            long allocated = minAllocated(() -> {
                outcomes.clear();
                V1Inbound in = new V1Inbound();
                in.feed(ByteBuffer.wrap(new byte[] {1}), outcomes::add);
                ByteBuffer chunk = ByteBuffer.wrap(input);
                in.feed(chunk, outcomes::add);
                assertFalse(chunk.hasRemaining());
                assertTrue(in.isClosed());
            });
            assertSingleClose(outcomes, Outcome.CloseReason.FRAME_TOO_LONG, "0x" + Long.toHexString(length));
            assertTrue(allocated < SMALL, "0x" + Long.toHexString(length) + ": allocated " + allocated + " bytes");
            System.out.printf("[limits] pure v1 prefix 0x%08x: closed, %d bytes allocated%n", length, allocated);
        }
    }

    @Test
    void aPrefixOfExactlyTheLimitCommitsOnly64KiBUntilTheBodyArrives() {
        byte[] input = concat(new byte[] {1}, prefix(MAX), new byte[100]);
        long allocated = minAllocated(() -> {
            V1Inbound in = new V1Inbound();
            List<Outcome> outcomes = new ArrayList<>();
            in.feed(ByteBuffer.wrap(input), outcomes::add);
            assertEquals(List.of(), outcomes);
            assertFalse(in.isClosed());
        });
        assertTrue(allocated < 64 * 1024 + SMALL, "allocated " + allocated);
        System.out.printf("[limits] pure v1 prefix of exactly 16 MiB + 100 bytes: %d bytes allocated%n", allocated);
    }

    @Test
    void aBodyOfExactly16MiBIsDeliveredAllocatingAboutTwiceItsSize() {
        byte[] frame = V1Outbound.frame(maxSizeMessage(0));
        assertEquals(4 + MAX, frame.length);
        for (int chunkSize : new int[] {frame.length, 64 * 1024}) {
            List<Outcome> outcomes = new ArrayList<>();
            long allocated = minAllocated(() -> {
                outcomes.clear();
                V1Inbound in = new V1Inbound();
                in.feed(ByteBuffer.wrap(new byte[] {1}), outcomes::add);
                for (int at = 0; at < frame.length; at += chunkSize) {
                    in.feed(ByteBuffer.wrap(frame, at, Math.min(chunkSize, frame.length - at)), outcomes::add);
                }
            });
            assertEquals(1, outcomes.size());
            TransportMessage m = assertInstanceOf(Outcome.Deliver.class, outcomes.get(0)).message();
            assertEquals(MAX - overhead(), m.payload().length);
            // one body buffer (grown 4-fold when it arrives in pieces: 4/3 of the body) plus the payload's copy
            double ratio = allocated / (double) MAX;
            assertTrue(ratio <= (chunkSize == frame.length ? 2.05 : 2.4), "allocated " + ratio + " x the body");
            System.out.printf("[limits] pure v1 16 MiB body in %s: delivered, allocated %.2f x the body%n",
                    chunkSize == frame.length ? "one chunk" : "64 KiB chunks", ratio);
        }
    }

    @Test
    void aBodyOneByteOverTheLimitClosesAfterThePrefix() {
        byte[] frame = frame(CborV1.encodeBody(maxSizeMessage(1)));
        assertEquals(4 + MAX + 1, frame.length);
        List<Outcome> outcomes = new ArrayList<>();
        long allocated = minAllocated(() -> {
            outcomes.clear();
            V1Inbound in = new V1Inbound();
            in.feed(ByteBuffer.wrap(new byte[] {1}), outcomes::add);
            in.feed(ByteBuffer.wrap(frame, 0, 4), outcomes::add);
            in.feed(ByteBuffer.wrap(frame, 4, frame.length - 4), outcomes::add); // ignored
        });
        assertSingleClose(outcomes, Outcome.CloseReason.FRAME_TOO_LONG, "16 MiB + 1");
        assertTrue(allocated < SMALL, "allocated " + allocated);
    }

    @Test
    void aRouteOfAMillionHopsIsAccepted() {
        // The spec has no hop limit: a million 4-byte hops (82 00 41 68) make a 4 MB body, within 16 MiB.
        Route hops = Route.of(Collections.nCopies(1_000_000, Address.local("h")));
        byte[] frame = V1Outbound.frame(message(Route.of("echoer").append(hops), hops, new byte[] {7}));
        List<Outcome> outcomes = new ArrayList<>();
        long allocated = minAllocated(() -> {
            outcomes.clear();
            V1Inbound in = new V1Inbound();
            in.feed(ByteBuffer.wrap(new byte[] {1}), outcomes::add);
            in.feed(ByteBuffer.wrap(frame), outcomes::add);
        });
        TransportMessage m = assertInstanceOf(Outcome.Deliver.class, outcomes.get(0)).message();
        assertEquals(1_000_001, m.onwardRoute().size());
        assertEquals(hops, m.returnRoute());
        // Linear in the hops: an Address and its value array (48 bytes) plus list and array slots per hop.
        long perHop = allocated / 2_000_000;
        assertTrue(perHop <= 128, perHop + " bytes per hop");
        System.out.printf("[limits] pure v1 2 x 1,000,000 hops (%d-byte body): delivered, %d bytes allocated (%d per hop)%n",
                frame.length - 4, allocated, perHop);
    }

    @Test
    void addressValuesAndTracingContextsOfMegabytesAreAccepted() {
        int biggest = MAX - 32; // leaves room for the heads and the other fields
        List<Supplier<TransportMessage>> cases = List.of(
                () -> message(Route.of(Address.local("echoer"), Address.of(0, new byte[8 * MIB])), Route.of("app"), new byte[0]),
                () -> message(Route.of("echoer"), Route.of(Address.of(1, new byte[biggest])), new byte[0]),
                () -> new TransportMessage(Route.of("echoer"), Route.of("app"), new byte[0], "t".repeat(biggest)));
        for (Supplier<TransportMessage> c : cases) {
            TransportMessage sent = c.get();
            byte[] frame = V1Outbound.frame(sent);
            List<Outcome> outcomes = new ArrayList<>();
            long allocated = minAllocated(() -> {
                outcomes.clear();
                V1Inbound in = new V1Inbound();
                in.feed(ByteBuffer.wrap(new byte[] {1}), outcomes::add);
                in.feed(ByteBuffer.wrap(frame), outcomes::add);
            });
            assertEquals(sent, assertInstanceOf(Outcome.Deliver.class, outcomes.get(0)).message());
            double ratio = allocated / (double) (frame.length - 4);
            System.out.printf("[limits] pure v1 %d-byte body with a big address or tracing context: delivered, allocated %.2f x the body%n",
                    frame.length - 4, ratio);
            assertTrue(ratio <= 2.05, ratio + " x the body");
        }
        // and one that does not fit: the body is one byte over, so the prefix alone closes the connection
        byte[] over = CborV1.encodeBody(message(Route.of(Address.of(0, new byte[MAX - 10])), Route.empty(), new byte[0]));
        assertEquals(MAX + 1, over.length);
        List<Outcome> outcomes = new ArrayList<>();
        V1Inbound in = new V1Inbound();
        in.feed(ByteBuffer.wrap(concat(new byte[] {1}, frame(over))), outcomes::add);
        assertSingleClose(outcomes, Outcome.CloseReason.FRAME_TOO_LONG, "address of 16 MiB - 10");
    }

    @Test
    void anOutgoingBodyOverTheLimitIsRefusedWithoutEncodingIt() {
        TransportMessage over = maxSizeMessage(1);
        long allocated = minAllocated(() -> {
            WireException e = assertThrows(WireException.class, () -> V1Outbound.frame(over));
            assertEquals(OckamException.Kind.TRANSPORT, e.kind());
        });
        assertTrue(allocated < SMALL, "allocated " + allocated);
        assertEquals(4 + MAX, V1Outbound.frame(maxSizeMessage(0)).length);
    }

    // ---------------------------------------------------------------- pure state machines, LEGACY

    @Test
    void legacyLimits() {
        // u16 prefix: 65,535 is the largest body there can be, and it is accepted
        TransportMessage biggest = legacyMaxSizeMessage(0);
        byte[] frame = LegacyOutbound.frame(biggest);
        assertEquals(2 + 0xffff, frame.length);
        List<Outcome> outcomes = new ArrayList<>();
        long allocated = minAllocated(() -> {
            outcomes.clear();
            new LegacyInbound().feed(ByteBuffer.wrap(frame), outcomes::add);
        });
        assertEquals(biggest, assertInstanceOf(Outcome.Deliver.class, outcomes.get(0)).message());
        assertTrue(allocated <= 2.05 * 0xffff, "allocated " + allocated);
        System.out.printf("[limits] pure legacy 65,535-byte body: delivered, allocated %.2f x the body%n", allocated / (double) 0xffff);
        // one byte more cannot be framed: refused (the caller does not close a LEGACY connection for it)
        WireException e = assertThrows(WireException.class, () -> LegacyOutbound.frame(legacyMaxSizeMessage(1)));
        assertEquals(OckamException.Kind.TRANSPORT, e.kind());

        // uvarint lengths and counts that claim far more than the body holds: dropped, no allocation by the claim
        String max64 = "ffffffffffffffffff01";
        for (String body : List.of(
                "01" + "00" + "00" + max64,                   // payload of 2^64 - 1 bytes
                "01" + max64 + "00",                            // 2^64 - 1 onward hops
                "01" + "01" + "00" + "ffffffff0f" + "61",      // an address value of 2^32 - 1 bytes
                "01" + "00" + "00" + "8080808080808080808001", // an 11-byte uvarint
                "02" + "00" + "00" + "00" + "01" + max64)) {   // a tracing context of 2^64 - 1 bytes
            byte[] bytes = HexFormat.of().parseHex(body);
            byte[] legacyFrame = concat(new byte[] {0, (byte) bytes.length}, bytes);
            List<Outcome> got = new ArrayList<>();
            long a = minAllocated(() -> {
                got.clear();
                LegacyInbound in = new LegacyInbound();
                in.feed(ByteBuffer.wrap(legacyFrame), got::add);
                assertFalse(in.isClosed());
            });
            assertEquals(1, got.size(), body);
            assertInstanceOf(Outcome.Drop.class, got.get(0), body);
            assertTrue(a < SMALL, body + ": allocated " + a);
            System.out.printf("[limits] pure legacy claim %s: dropped, %d bytes allocated%n", body, a);
        }
        // a prefix of 65,535 with the body cut short by EOF closes; nothing was delivered
        LegacyInbound in = new LegacyInbound();
        List<Outcome> got = new ArrayList<>();
        in.feed(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, 1, 0}), got::add);
        assertEquals(List.of(), got);
        assertEquals(Outcome.CloseReason.TRUNCATED_FRAME, in.onEof().orElseThrow().reason());
    }

    // ---------------------------------------------------------------- live node, current protocol

    @Test
    void liveTooLongPrefixesCloseTheConnection() throws Exception {
        for (long length : new long[] {MAX + 1L, 0x8000_0000L, 0xffff_ffffL}) {
            try (RawPeer peer = new RawPeer(v1.socketAddress())) {
                peer.write(concat(new byte[] {1}, prefix(length), new byte[64 * 1024]));
                assertEquals(1, peer.readByte());
                assertTrue(peer.closedWithin(WAIT), "0x" + Long.toHexString(length) + " must close the connection");
            } catch (IOException e) {
                // the node may reset the connection while the bytes after the prefix are still being written
            }
        }
        assertStillServesAndHeapIsBounded();
    }

    @Test
    void liveStalledPrefixesOfExactlyTheLimitDoNotMakeTheNodeAllocateTheBody() throws Exception {
        int n = 64;
        List<RawPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                RawPeer p = new RawPeer(v1.socketAddress());
                peers.add(p);
                p.write(concat(new byte[] {1}, prefix(MAX), new byte[] {(byte) 0x83}));
            }
            waitFor(() -> tcp.connections().size() == n && tcp.connections().stream().allMatch(c -> c.bytesIn() == 6),
                    "every stalled frame's first bytes read");
            long used = usedHeapAfterGc();
            System.out.printf("[limits] live: %d connections stalled inside a 16 MiB frame hold %.1f MiB of heap above the baseline%n",
                    n, (used - heapBaseline) / (double) MIB);
            assertTrue(used - heapBaseline < HEAP_SLACK, "heap grew by " + (used - heapBaseline));
            assertTrue(tcp.connections().stream().allMatch(TcpConnection::isOpen)); // waiting for the body is fine
        } finally {
            for (RawPeer p : peers) {
                p.close();
            }
        }
        assertStillServesAndHeapIsBounded();
    }

    // The live tests keep their big inputs in methods of their own, so that this test's references to them are
    // gone when the heap is measured.

    @Test
    void liveBodyOfExactly16MiBIsEchoedAndOneByteOverCloses() throws Exception {
        echoesAMaxSizeBody();
        closesOnABodyOneByteOver();
        assertStillServesAndHeapIsBounded();
    }

    private static void echoesAMaxSizeBody() throws IOException {
        TransportMessage biggest = maxSizeMessage(0);
        assertArrayEquals(biggest.payload(), echoOverV1(biggest).payload());
    }

    private static void closesOnABodyOneByteOver() throws IOException {
        byte[] over = frame(CborV1.encodeBody(maxSizeMessage(1)));
        try (RawPeer peer = new RawPeer(v1.socketAddress())) {
            try {
                peer.write(concat(new byte[] {1}, over));
            } catch (IOException e) {
                // reset by the node, which closed after the prefix without reading the body
            }
            assertTrue(peer.closedWithin(WAIT), "a 16 MiB + 1 body must close the connection");
        }
    }

    @Test
    void liveMillionHopRoutesAndMegabyteAddressesAreAccepted() throws Exception {
        echoesAMillionHopRoute();
        echoesMegabyteAddresses();
        assertStillServesAndHeapIsBounded();
    }

    private static void echoesAMillionHopRoute() throws IOException {
        Route million = Route.of(Collections.nCopies(1_000_000, Address.local("h")));
        // the echoer answers along the million-hop return route: the reply carries it back as its onward route
        TransportMessage reply = echoOverV1(message(Route.of("echoer").append(million), million, new byte[] {1}));
        assertEquals(million, reply.onwardRoute());
    }

    private static void echoesMegabyteAddresses() throws IOException {
        Address big = Address.of(0, new byte[8 * MIB]);
        TransportMessage reply = echoOverV1(message(Route.of(Address.local("echoer"), Address.of(5, new byte[4 * MIB])),
                Route.of(big), new byte[] {2}));
        assertEquals(Route.of(big), reply.onwardRoute());
    }

    @Test
    void liveOutgoingBodyOverTheLimitIsRefusedAndClosesTheConnection() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TcpConnection c = clientTcp.connect("127.0.0.1:" + fake.getLocalPort());
            try (Socket accepted = fake.accept()) {
                accepted.setSoTimeout((int) WAIT.toMillis());
                DataInputStream in = new DataInputStream(accepted.getInputStream());
                assertEquals(1, in.readUnsignedByte());
                // on the wire: onward [0#echoer], return [the request's random 32-character address], so this
                // payload makes the body one byte too long
                int overhead = (int) CborV1.bodyLength(message(Route.of("echoer"), Route.of(Address.random()), new byte[MIB])) - MIB;
                byte[] payload = new byte[MAX - overhead + 1];
                CompletableFuture<NeutralMessage> f = client.request(Route.of(c.address(), Address.local("echoer")),
                        NeutralMessage.wrap(payload), NeutralMessage.class, WAIT).toCompletableFuture();
                CompletionException e = assertThrows(CompletionException.class, f::join);
                assertEquals(OckamException.Kind.TRANSPORT, ((OckamException) e.getCause()).kind(), e.getCause().toString());
                assertTrue(e.getCause().getMessage().contains("more than the maximum"), e.getCause().getMessage());
                waitFor(() -> !c.isOpen(), "the connection closed");
                assertEquals(-1, in.read(), "no byte of the refused frame may be written");
            }
        }
    }

    // ---------------------------------------------------------------- live node, LEGACY

    @Test
    void liveLegacyLimits() throws Exception {
        assertArrayEquals(legacyMaxSizeMessage(0).payload(), echoOverLegacy(legacyMaxSizeMessage(0)).payload());

        try (RawPeer peer = new RawPeer(legacy.socketAddress())) {
            // claims of 2^64 - 1 bytes and hops: dropped, the connection goes on
            for (String body : List.of("010000ffffffffffffffffff01", "01ffffffffffffffffff0100", "0101" + "00" + "ffffffff0f61")) {
                byte[] bytes = HexFormat.of().parseHex(body);
                peer.write(concat(new byte[] {0, (byte) bytes.length}, bytes));
            }
            TransportMessage ping = message(Route.of("echoer"), Route.of("peer"), new byte[] {42});
            peer.write(LegacyOutbound.frame(ping));
            assertArrayEquals(new byte[] {42}, readLegacy(peer).payload());
        }

        // a node refuses to send a LEGACY body over 65,535 bytes, and the connection stays usable
        TcpConnection c = clientTcp.connect(legacy.hostPort(), TcpConnectionOptions.defaults().protocol(TcpProtocol.LEGACY));
        CompletableFuture<NeutralMessage> tooBig = client.request(Route.of(c.address(), Address.local("echoer")),
                NeutralMessage.wrap(new byte[0x10000]), NeutralMessage.class, WAIT).toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, tooBig::join);
        assertEquals(OckamException.Kind.TRANSPORT, ((OckamException) e.getCause()).kind());
        NeutralMessage small = client.request(Route.of(c.address(), Address.local("echoer")), NeutralMessage.wrap(new byte[] {9}),
                NeutralMessage.class, WAIT).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertArrayEquals(new byte[] {9}, small.bytes());
        clientTcp.disconnect(c);
        assertStillServesAndHeapIsBounded();
    }

    // ---------------------------------------------------------------- helpers

    /** Sends {@code m} to the live node's V1 listener from a raw peer and returns the echoer's reply. */
    private static TransportMessage echoOverV1(TransportMessage m) throws IOException {
        try (RawPeer peer = new RawPeer(v1.socketAddress())) {
            peer.socket.setSoTimeout((int) WAIT.toMillis());
            peer.write(concat(new byte[] {1}, V1Outbound.frame(m)));
            assertEquals(1, peer.readByte());
            return peer.readMessage();
        }
    }

    private static TransportMessage echoOverLegacy(TransportMessage m) throws IOException {
        try (RawPeer peer = new RawPeer(legacy.socketAddress())) {
            peer.write(LegacyOutbound.frame(m));
            return readLegacy(peer);
        }
    }

    private static TransportMessage readLegacy(RawPeer peer) throws IOException {
        DataInputStream in = new DataInputStream(peer.socket.getInputStream());
        byte[] body = new byte[in.readUnsignedShort()];
        in.readFully(body);
        return LegacyBare.decodeBody(body);
    }

    /** The node still echoes on a new connection, holds no connection, and its heap is near the baseline. */
    private static void assertStillServesAndHeapIsBounded() throws IOException {
        byte[] payload = "still here".getBytes();
        assertArrayEquals(payload, echoOverV1(message(Route.of("echoer"), Route.of("app"), payload)).payload());
        waitFor(() -> tcp.connections().isEmpty(), "every connection closed");
        long used = usedHeapAfterGc();
        System.out.printf("[limits] live: heap after GC %.1f MiB (baseline %.1f MiB)%n", used / (double) MIB, heapBaseline / (double) MIB);
        assertTrue(used - heapBaseline < HEAP_SLACK, "heap " + used + " vs baseline " + heapBaseline);
    }

    private static TransportMessage message(Route onward, Route back, byte[] payload) {
        return new TransportMessage(onward, back, payload);
    }

    /** Bytes of a [0#echoer], [0#app] message besides its payload (a payload of 64 KiB or more). */
    private static int overhead() {
        return (int) CborV1.bodyLength(message(Route.of("echoer"), Route.of("app"), new byte[MIB])) - MIB;
    }

    /** A message whose body is exactly {@code MAX + extra} bytes. */
    private static TransportMessage maxSizeMessage(int extra) {
        TransportMessage m = message(Route.of("echoer"), Route.of("app"), new byte[MAX - overhead() + extra]);
        assertEquals(MAX + extra, CborV1.bodyLength(m));
        return m;
    }

    private static TransportMessage legacyMaxSizeMessage(int extra) {
        int overhead = (int) LegacyBare.bodyLength(message(Route.of("echoer"), Route.of("app"), new byte[60_000])) - 60_000;
        TransportMessage m = message(Route.of("echoer"), Route.of("app"), new byte[0xffff - overhead + extra]);
        assertEquals(0xffff + extra, LegacyBare.bodyLength(m));
        return m;
    }

    private static byte[] prefix(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static byte[] frame(byte[] body) {
        return concat(prefix(body.length), body);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static void assertSingleClose(List<Outcome> outcomes, Outcome.CloseReason reason, String what) {
        assertEquals(1, outcomes.size(), what + ": " + outcomes);
        assertEquals(reason, assertInstanceOf(Outcome.Close.class, outcomes.get(0)).reason(), what);
    }

    /** Bytes this thread allocates running {@code action}: the least of three runs. */
    private static long minAllocated(Runnable action) {
        long least = Long.MAX_VALUE;
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 3; i++) {
            long before = THREADS.getThreadAllocatedBytes(thread);
            action.run();
            least = Math.min(least, THREADS.getThreadAllocatedBytes(thread) - before);
        }
        return least;
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + WAIT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
