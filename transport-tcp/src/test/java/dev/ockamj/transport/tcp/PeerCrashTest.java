package dev.ockamj.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A peer node in a child JVM ({@link EchoPeerMain}) is killed with SIGKILL while our node streams requests to it
 * through {@code 1#127.0.0.1:PORT => echoer}, hundreds in flight; then it is started again on the same port.
 *
 * <p>The requests' own timeout is 2 minutes, so that "promptly" means something: every request must end well before
 * it (the bound used is 30 s: failing takes milliseconds, the slack is for a shared, loaded 2-core machine), and by
 * a TRANSPORT error, never by TIMEOUT.
 */
@Tag("hardening")
class PeerCrashTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PROMPTLY = Duration.ofSeconds(30);
    private static final int IN_FLIGHT = 500;
    private static final int SINK_REQUESTS = 200;

    private static OckamException.Kind kindOf(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return assertInstanceOf(OckamException.class, e.getCause(), "not an OckamException").kind();
        }
    }

    @Test
    void aPeerKilledMidStreamFailsEveryRequestInFlightPromptlyAndIsReachableAgainOnTheSamePort() throws Exception {
        Node node = Node.builder().name("crash-client")
                .config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 2s")).start();
        TcpTransport tcp = TcpTransport.create(node);
        List<CompletableFuture<String>> all = new ArrayList<>();
        AtomicBoolean streaming = new AtomicBoolean(true);
        Thread streamer = null;
        try (PeerJvm peer = new PeerJvm(0)) {
            int port = peer.awaitReady();
            String route = "1#127.0.0.1:" + port + " => echoer";
            assertEquals("hello", node.request(route, "hello", String.class, REQUEST_TIMEOUT).toCompletableFuture()
                    .get(PROMPTLY.toSeconds(), TimeUnit.SECONDS));
            TcpConnection first = tcp.connections().get(0);

            // the stream: IN_FLIGHT requests outstanding at all times, each answered by the peer's echoer
            Semaphore slots = new Semaphore(IN_FLIGHT);
            streamer = new Thread(() -> {
                int i = 0;
                try {
                    while (streaming.get()) {
                        if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        CompletableFuture<String> f = node.request(route, "m" + i++, String.class, REQUEST_TIMEOUT)
                                .toCompletableFuture();
                        f.whenComplete((r, e) -> slots.release());
                        synchronized (all) {
                            all.add(f);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "streamer");
            streamer.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (countOk(all) < 5_000) {
                assertTrue(System.nanoTime() < deadline, "the stream did not get going: " + countOk(all) + " replies");
                Thread.sleep(10);
            }

            // requests that are surely in flight at the kill: to the peer's sink, which never answers
            List<CompletableFuture<String>> unanswered = new ArrayList<>();
            for (int i = 0; i < SINK_REQUESTS; i++) {
                unanswered.add(node.request("1#127.0.0.1:" + port + " => sink", "s" + i, String.class, REQUEST_TIMEOUT)
                        .toCompletableFuture());
            }
            // the echo stream comes in bursts (the window fills, the replies come back together): kill in a full one
            long fullBy = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (slots.availablePermits() > IN_FLIGHT / 2 && System.nanoTime() < fullBy) {
                Thread.onSpinWait();
            }

            // kill -9 mid-stream
            List<CompletableFuture<String>> inFlight;
            synchronized (all) {
                inFlight = all.stream().filter(f -> !f.isDone()).toList();
            }
            long killedAt = System.nanoTime();
            int status = peer.kill9();
            assertEquals(128 + 9, status, "the peer must have died of SIGKILL (128 + 9), not of a gentler signal");
            streaming.set(false); // requests sent after the kill (a few ms of them) must end too
            streamer.join(PROMPTLY.toMillis());
            assertFalse(streamer.isAlive());

            List<CompletableFuture<String>> snapshot;
            synchronized (all) {
                snapshot = new ArrayList<>(all);
            }
            snapshot.addAll(unanswered);
            try {
                CompletableFuture.allOf(snapshot.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                        .get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                fail("requests still hang " + PROMPTLY + " after the kill: "
                        + snapshot.stream().filter(f -> !f.isDone()).count() + " of " + snapshot.size());
            }
            long allEndedMs = (System.nanoTime() - killedAt) / 1_000_000;
            Map<String, Integer> outcomes = new TreeMap<>();
            for (CompletableFuture<String> f : snapshot) {
                OckamException.Kind k = kindOf(f);
                outcomes.merge(k == null ? "ok" : k.name(), 1, Integer::sum);
            }
            int inFlightFailed = (int) inFlight.stream().filter(f -> kindOf(f) != null).count();
            System.out.printf("[figures] kill -9 with %d echo requests and %d unanswerable ones in flight: all %d requests"
                    + " ended %d ms after the kill; echo requests in flight at the kill: %d failed, %d answered (replies"
                    + " already on the way); outcomes: %s%n", inFlight.size(), unanswered.size(), snapshot.size(),
                    allEndedMs, inFlightFailed, inFlight.size() - inFlightFailed, outcomes);
            for (CompletableFuture<String> f : unanswered) {
                assertEquals(OckamException.Kind.TRANSPORT, kindOf(f));
            }
            assertEquals(List.of("TRANSPORT", "ok"), List.copyOf(outcomes.keySet()),
                    "requests end with their reply or with TRANSPORT, never TIMEOUT or another kind: " + outcomes);
            TcpTransportTest.waitFor(() -> !first.isOpen());

            // while the peer is down: a request fails at once too (connection refused), it does not wait for its timeout
            var refused = node.request(route, "anyone?", String.class, REQUEST_TIMEOUT).toCompletableFuture();
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> refused.orTimeout(PROMPTLY.toSeconds(), TimeUnit.SECONDS).join());
            assertEquals(OckamException.Kind.TRANSPORT, assertInstanceOf(OckamException.class, e.getCause()).kind());

            // the same peer, restarted on the same port, is reachable again through the same route
            long restartedAt = System.nanoTime();
            try (PeerJvm again = new PeerJvm(port)) {
                assertEquals(port, again.awaitReady());
                long readyAt = System.nanoTime();
                String reply = node.request(route, "back?", String.class, REQUEST_TIMEOUT).toCompletableFuture()
                        .get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);
                long repliedAt = System.nanoTime();
                assertEquals("back?", reply);
                List<TcpConnection> open = tcp.connections().stream().filter(TcpConnection::isOpen).toList();
                assertEquals(1, open.size(), open.toString());
                assertNotEquals(first.address(), open.get(0).address(), "a new connection");
                System.out.printf("[figures] restart on the same port: peer JVM ready %d ms after spawn; first reply"
                        + " through the same route %d ms after that (a new connection)%n",
                        (readyAt - restartedAt) / 1_000_000, (repliedAt - readyAt) / 1_000_000);
            }
        } finally {
            streaming.set(false);
            if (streamer != null) {
                streamer.join(PROMPTLY.toMillis());
            }
            node.stop();
        }
    }

    private static long countOk(List<CompletableFuture<String>> all) {
        synchronized (all) {
            return all.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
        }
    }
}
