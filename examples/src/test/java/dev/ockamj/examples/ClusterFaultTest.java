package dev.ockamj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ockamj.node.OckamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A member of a three-member cluster (three JVMs, {@link ClusterMember05}) is killed with kill -9 while a client
 * outside the cluster sends a steady stream of requests through member-1: to the cluster service and to sharded
 * counters through the gateways, and the same through member-1's {@code probe}, which asks the cluster itself and
 * reports the errors it gets (a TCP peer is never told: Ockam routing has no error replies).
 *
 * <p>Everything is waited for with deadlines on events (replies, member output); nothing sleeps.
 */
class ClusterFaultTest {
    private static final Duration START_WITHIN = Duration.ofSeconds(90);
    /** How long the survivors may take to remove the dead member and serve its entities again (about 12 s here). */
    private static final Duration RECOVER_WITHIN = Duration.ofSeconds(60);
    /** The gateway requests' own timeout: long enough for a message buffered while its shard moves to be answered. */
    private static final Duration GATEWAY_TIMEOUT = ClusterDemo05.REQUEST_TIMEOUT;
    /** The client's timeout for probe requests: the probe's own requests time out after 5 s, and it always replies. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private enum Phase { BEFORE, OUTAGE, AFTER }

    /** One request of the stream: through a gateway or the probe, to the service or to a counter. */
    private record Request(boolean probe, String target, Phase phase, CompletableFuture<String> reply) {
        boolean ok() {
            return reply.isDone() && !reply.isCompletedExceptionally() && !(probe && reply.join().startsWith("ERROR"));
        }

        /** The member that answered (host:port), or null if the request failed or is still waiting. */
        String servedBy() {
            return ok() ? ClusterClient.servedBy(reply.join()) : null;
        }

        Throwable error() {
            try {
                reply.join();
                return null;
            } catch (java.util.concurrent.CompletionException e) {
                return e.getCause();
            }
        }
    }

    /** The steady stream: every 100 ms, one request of each kind; waiters wake at each reply. */
    private static final class Traffic implements AutoCloseable {
        private final ClusterClient client;
        private final List<String> gatewayEntities;
        private final List<String> probeEntities;
        private final List<Request> requests = new ArrayList<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private volatile Phase phase = Phase.BEFORE;
        private int tick;

        Traffic(ClusterClient client, List<String> gatewayEntities, List<String> probeEntities) {
            this.client = client;
            this.gatewayEntities = gatewayEntities;
            this.probeEntities = probeEntities;
            timer.scheduleAtFixedRate(this::sendSome, 0, 100, TimeUnit.MILLISECONDS);
        }

        private void sendSome() {
            int i = tick++;
            add(false, "upper", client.upper("hello", GATEWAY_TIMEOUT));
            String e = gatewayEntities.get(i % gatewayEntities.size());
            add(false, e, client.counter(e, GATEWAY_TIMEOUT));
            add(true, "upper", client.probe("upper hello", PROBE_TIMEOUT));
            String p = probeEntities.get(i % probeEntities.size());
            add(true, p, client.probe("counter " + p, PROBE_TIMEOUT));
        }

        private void add(boolean probe, String target, CompletableFuture<String> reply) {
            Request r = new Request(probe, target, phase, reply);
            synchronized (this) {
                requests.add(r);
            }
            reply.whenComplete((x, e) -> {
                synchronized (this) {
                    notifyAll();
                }
            });
        }

        synchronized List<Request> snapshot() {
            return List.copyOf(requests);
        }

        /** Waits, waking at each reply, until {@code condition} holds; fails with {@code what} at the deadline. */
        synchronized void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("not within " + within.toSeconds() + " s: " + what + "\n" + summary());
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }

        long count(Predicate<Request> p) {
            return snapshot().stream().filter(p).count();
        }

        /** Stops sending and waits for every request's outcome: each one must end, by its own timeout at the latest. */
        List<Request> stop() throws InterruptedException {
            timer.shutdown();
            assertTrue(timer.awaitTermination(30, TimeUnit.SECONDS));
            List<Request> all = snapshot();
            for (Request r : all) {
                Duration own = r.probe() ? PROBE_TIMEOUT : GATEWAY_TIMEOUT;
                try {
                    r.reply().get(own.toSeconds() + 30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // a failure: checked by the test
                } catch (TimeoutException e) {
                    fail("a request hangs beyond its own timeout (" + own.toSeconds() + " s): " + r);
                }
            }
            return all;
        }

        String summary() {
            Map<String, Long> byOutcome = snapshot().stream().collect(Collectors.groupingBy(
                    r -> r.phase() + (r.probe() ? " probe " : " gateway ") + (!r.reply().isDone() ? "waiting"
                            : r.ok() ? "ok" : "failed"), TreeMap::new, Collectors.counting()));
            return "requests: " + byOutcome;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    @Test
    void aMemberKilledWhileTrafficFlowsIsRemovedAndTheSurvivorsServeEverything() throws Exception {
        List<ClusterMemberProcess> members = ClusterMemberProcess.startCluster(3, START_WITHIN, null, null);
        ClusterMemberProcess m1 = members.get(0);
        ClusterMemberProcess m2 = members.get(1);
        ClusterMemberProcess m3 = members.get(2);
        Set<String> survivors = new HashSet<>(List.of(m1.artery(), m2.artery())); // contains(null) is false
        try (ClusterClient client = new ClusterClient()) {
            client.connect(m1.tcp());

            // place the counters; make sure some of those used through the gateway live on the member to be killed
            List<String> gatewayEntities = new ArrayList<>();
            List<String> onVictim = new ArrayList<>();
            for (int i = 1; i <= 30 && (gatewayEntities.size() < 6 || onVictim.isEmpty()); i++) {
                String e = "e" + i;
                String reply = client.counter(e, GATEWAY_TIMEOUT).get();
                assertEquals(e + " count=1 on " + ClusterClient.servedBy(reply), reply);
                gatewayEntities.add(e);
                if (m3.artery().equals(ClusterClient.servedBy(reply))) {
                    onVictim.add(e);
                }
            }
            assertFalse(onVictim.isEmpty(), "no counter on " + m3.name + " among " + gatewayEntities);
            List<String> probeEntities = List.of("p1", "p2", "p3", "p4", "p5", "p6");

            try (Traffic traffic = new Traffic(client, gatewayEntities, probeEntities)) {
                traffic.await("traffic flows to the three members", RECOVER_WITHIN, () -> {
                    List<Request> ok = traffic.snapshot().stream().filter(Request::ok).toList();
                    return ok.size() >= 100 && ok.stream().map(Request::servedBy).collect(Collectors.toSet()).size() == 3;
                });
                m3.kill(); // kill -9, while the traffic flows
                traffic.phase = Phase.OUTAGE;

                // the survivors remove the dead member (they print their view of the membership when it changes) ...
                long deadline = System.nanoTime() + RECOVER_WITHIN.toNanos();
                Pattern without = Pattern.compile("members: (?!.*" + Pattern.quote(m3.artery()) + ")");
                assertNotNull(m1.await(without, deadline), "member-1 did not remove member-3\n" + m1.diagnostics());
                assertNotNull(m2.await(without, deadline), "member-2 did not remove member-3\n" + m2.diagnostics());
                // ... and re-create its counters: each answers again from a survivor
                traffic.await("every counter of member-3 answers again from a survivor", RECOVER_WITHIN, () -> {
                    Set<String> back = traffic.snapshot().stream()
                            .filter(r -> r.phase() == Phase.OUTAGE && survivors.contains(r.servedBy()))
                            .map(Request::target).collect(Collectors.toSet());
                    return back.containsAll(onVictim) && back.containsAll(probeEntities);
                });
                traffic.phase = Phase.AFTER;
                traffic.await("traffic after the recovery", RECOVER_WITHIN,
                        () -> traffic.count(r -> r.phase() == Phase.AFTER && r.reply().isDone()) >= 100);
                List<Request> all = traffic.stop();
                String summary = traffic.summary();

                // (a) what failed failed clearly: through the gateways, at the request's own timeout (the TCP peer
                // cannot be told more); through the probe, with the cluster's error naming the dead member, or the
                // probe's own timeout — the probe itself always replied (no request hung inside the cluster)
                List<String> probeErrors = new ArrayList<>();
                for (Request r : all) {
                    if (r.probe()) {
                        assertFalse(r.reply().isCompletedExceptionally(), "the probe did not reply: " + r.error() + "; " + summary);
                        String reply = r.reply().join();
                        if (reply.startsWith("ERROR")) {
                            probeErrors.add(reply);
                            assertTrue(reply.matches("ERROR TRANSPORT: cluster member " + Pattern.quote(m3.artery()) + " .*")
                                    || reply.matches("ERROR TIMEOUT: no reply from .* within 5000 ms"), reply);
                        }
                    } else if (r.reply().isCompletedExceptionally()) {
                        OckamException e = (OckamException) r.error();
                        assertEquals(OckamException.Kind.TIMEOUT, e.kind(), e.getMessage());
                        assertTrue(e.getMessage().contains("within " + GATEWAY_TIMEOUT.toMillis() + " ms"), e.getMessage());
                    }
                }
                assertTrue(probeErrors.stream().anyMatch(e -> e.startsWith("ERROR TRANSPORT: cluster member " + m3.artery())),
                        "no request failed naming the dead member: " + probeErrors + "; " + summary);

                // (b) after the removal: everything answered, by the survivors only; the dead member's counters were
                // re-created (their count restarted at 1)
                List<Request> after = all.stream().filter(r -> r.phase() == Phase.AFTER).toList();
                for (Request r : after) {
                    assertTrue(r.ok(), "after the recovery: " + r.target() + " " + (r.probe() ? r.reply().join() : r.error())
                            + "; " + summary);
                    assertTrue(survivors.contains(r.servedBy()), "after the recovery, served by " + r.servedBy());
                }
                assertEquals(Set.of(m1.artery(), m2.artery()), after.stream().filter(r -> r.target().equals("upper"))
                        .map(Request::servedBy).collect(Collectors.toSet()), "the service spreads over both survivors");
                for (String e : onVictim) {
                    Request first = all.stream().filter(r -> !r.probe() && r.target().equals(e) && r.phase() != Phase.BEFORE
                            && survivors.contains(r.servedBy())).findFirst().orElseThrow();
                    assertEquals(1, ClusterClient.count(first.reply().join()), "re-created " + e + ": " + first.reply().join());
                }

                // (c) the survivors served throughout: most requests succeeded, and during the outage both survivors answered
                long ok = all.stream().filter(Request::ok).count();
                assertTrue(ok * 2 > all.size(), summary);
                List<Request> outage = all.stream().filter(r -> r.phase() == Phase.OUTAGE).toList();
                assertEquals(survivors, outage.stream().map(Request::servedBy).filter(survivors::contains).collect(Collectors.toSet()),
                        summary);
                assertTrue(outage.stream().filter(Request::ok).count() * 2 > outage.size(), "during the outage: " + summary);
                System.out.println("ClusterFaultTest: " + summary + "; probe errors: " + probeErrors.stream()
                        .map(e -> e.replaceAll("(ERROR \\w+: [^(]*).*", "$1")).collect(Collectors.groupingBy(x -> x, TreeMap::new,
                                Collectors.counting())));
            }
        } finally {
            ClusterMemberProcess.stopAll(members);
        }
    }

    @Test
    void theDemoShowsTrafficBeforeAndAfterTheKillAndExitsZero() throws Exception {
        try (ExampleProcess demo = new ExampleProcess("05-cluster-demo")) {
            int status = demo.waitForExit(Duration.ofSeconds(120));
            String out = demo.output();
            assertEquals(0, status, out);
            int kill = out.indexOf("kill -9 member-3");
            assertTrue(kill > 0, out);
            String before = out.substring(0, kill);
            String after = out.substring(kill);
            assertTrue(Pattern.compile("service upper -> HELLO-\\d+ from \\S+ \\(member-3\\)").matcher(before).find(), out);
            assertTrue(Pattern.compile("entity e\\d+ -> count=\\d+ on \\S+ \\(member-3\\)").matcher(before).find(), out);
            assertTrue(Pattern.compile("service upper -> HELLO-\\d+ from \\S+ \\(member-[12]\\)").matcher(after).find(), out);
            assertTrue(Pattern.compile("entity e\\d+ -> count=1 on \\S+ \\(member-[12]\\)").matcher(after).find(), out);
            assertTrue(after.contains("the survivors serve everything"), out);
            assertTrue(Pattern.compile("re-created on member-[12], its count restarted at 1").matcher(after).find(), out);
            assertTrue(Pattern.compile("Stopping the members\\.\\.\\.\n(.*\n)*Done\\.").matcher(after).find(), out);
        }
    }
}
