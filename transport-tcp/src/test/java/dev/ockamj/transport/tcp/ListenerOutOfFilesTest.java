package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ockamj.node.Route;
import dev.ockamj.node.codec.Bare;
import dev.ockamj.transport.tcp.internal.wire.TransportMessage;
import dev.ockamj.transport.tcp.internal.wire.V1Outbound;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node whose process runs out of file descriptors (a peer JVM started under {@code ulimit -n}) while strangers
 * keep connecting: its listener pauses accepting instead of spinning on the failing accept() (and logging each
 * time), the connection it already has is served throughout, and it accepts again once descriptors are free.
 */
@Tag("hardening")
class ListenerOutOfFilesTest {
    private static final int MAX_OPEN_FILES = 256;
    private static final String CANNOT_ACCEPT = "cannot accept a connection";
    private static final Pattern HELD = Pattern.compile("\\[(\\d+) similar lines held back]");

    @Test
    void outOfFileDescriptorsPausesAcceptingServesTheConnectionsItHasAndRecovers() throws Exception {
        try (PeerJvm peer = new PeerJvm(0, MAX_OPEN_FILES)) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", peer.awaitReady());
            List<Socket> flood = new ArrayList<>();
            try (RawPeer first = handshaken(to)) {
                exercise(peer, to, first, flood);
            } catch (IOException | AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the peer's output, without its failed accepts:\n"
                        + String.join("\n", peer.lines().stream().filter(l -> !l.contains(CANNOT_ACCEPT)).toList()), e);
            } finally {
                for (Socket s : flood) {
                    s.close();
                }
            }
        }
    }

    private static void exercise(PeerJvm peer, InetSocketAddress to, RawPeer first, List<Socket> flood) throws Exception {
        // a few round trips first: out of descriptors, the JVM cannot open a class file it has not loaded yet
        for (int i = 0; i < 20; i++) {
            assertEchoes(first, "before " + i);
        }
        while (attempts(peer) == 0 && flood.size() < 4 * MAX_OPEN_FILES) {
            Socket s = new Socket();
            s.connect(to, 10_000); // the kernel completes it; the node may not be able to accept it
            flood.add(s);
            if (flood.size() > MAX_OPEN_FILES) {
                Thread.sleep(10); // past the limit: give the peer time to say it cannot accept
            }
        }
        assertTrue(attempts(peer) > 0, "the peer never reported a failed accept after " + flood.size() + " connections");

        // it keeps serving the connection it has
        assertEchoes(first, "during");

        // it tries again once a pause, not in a loop: count the failed accepts over a second
        long before = attempts(peer);
        long t0 = System.nanoTime();
        Thread.sleep(1000);
        long tries = attempts(peer) - before;
        double pauses = (System.nanoTime() - t0) / 1e6 / TcpListener.ACCEPT_PAUSE_MS;
        System.out.printf("[figures] ListenerOutOfFilesTest: %d connections before the first failed accept;"
                + " %d failed accepts in %.0f pauses%n", flood.size(), tries, pauses);
        assertTrue(tries <= pauses + 2, tries + " failed accepts in " + pauses + " pauses: it spins");

        // free the descriptors: it accepts again
        for (Socket s : flood) {
            s.close();
        }
        flood.clear();
        try (RawPeer later = handshaken(to)) {
            assertEchoes(later, "after");
        }
        assertEchoes(first, "still");
    }

    /** Failed accepts the peer has logged so far: lines, plus those each line says were held back. */
    private static long attempts(PeerJvm peer) {
        long n = 0;
        for (String line : peer.lines()) {
            if (line.contains(CANNOT_ACCEPT)) {
                n++;
                Matcher m = HELD.matcher(line);
                if (m.find()) {
                    n += Long.parseLong(m.group(1));
                }
            }
        }
        return n;
    }

    private static RawPeer handshaken(InetSocketAddress to) throws IOException {
        RawPeer p = new RawPeer(to);
        assertEquals(1, p.readByte());
        p.write(new byte[] {1});
        return p;
    }

    private static void assertEchoes(RawPeer p, String text) throws IOException {
        p.write(V1Outbound.frame(new TransportMessage(Route.of("echoer"), Route.of("app"), Bare.encode(text))));
        assertArrayEquals(Bare.encode(text), p.readMessage().payload(), "echo of '" + text + "'");
    }
}
