package dev.ockamj.examples;

import dev.ockamj.node.OckamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * 05-cluster-demo: three cluster members in three JVMs ({@link ClusterMember05}), a client node outside the
 * cluster talking to them over TCP through member-1's gateways, and member-3 killed with kill -9 while traffic
 * flows. The client keeps sending until the two survivors serve everything: the cluster service from member-1
 * and member-2 only, and the counters that lived on member-3 re-created on a survivor (their count restarts at 1).
 *
 * <p>With the members' demo timings ({@link ClusterMember05#DEMO_TIMINGS}) member-3 is found unreachable 3–4 s
 * after the kill, downed and removed about 4 s later, and its counters answer again from the survivors 11–13 s
 * after the kill. The client cannot be told that a request went to the dead member (Ockam routing has no error replies),
 * so such a request fails at its own timeout, {@link #REQUEST_TIMEOUT}: long enough for a message that waited in
 * the cluster while the shards moved to still get its answer. The whole demo takes about 40 s.
 */
public final class ClusterDemo05 {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static final Duration RECOVER_WITHIN = Duration.ofSeconds(60);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long ROUND_EVERY_MS = 1000;

    private final long t0 = System.nanoTime();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private ClusterClient client;
    private final List<String> entities = new ArrayList<>(List.of("e1", "e2", "e3", "e4", "e5", "e6"));
    private int sent;

    /** One request and how it went. */
    private record Request(String kind, String target, double sentAt, CompletableFuture<String> reply) {
        boolean answeredBy(String member) {
            return reply.isDone() && !reply.isCompletedExceptionally() && member.equals(ClusterClient.servedBy(reply.join()));
        }
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(new ClusterDemo05().run());
    }

    private int run() throws InterruptedException {
        boolean logs = System.getenv("OCKAMJ_LOG_LEVEL") != null; // the user asked for logs: show the members' too
        Consumer<String> echo = line -> System.out.println("  | " + line);
        System.out.println("Starting three cluster members, each in a JVM of its own (member-1 forms the cluster, the others join it)...");
        // the client's node starts while the members do
        CompletableFuture<ClusterClient> starting = CompletableFuture.supplyAsync(ClusterClient::new);
        List<ClusterMemberProcess> members;
        try {
            members = ClusterMemberProcess.startCluster(3, READY_WITHIN, echo, logs ? line -> System.err.println("  | " + line) : null);
        } catch (Exception e) {
            System.err.println("error: the cluster did not start: " + e.getMessage());
            starting.join().close();
            return 1;
        }
        client = starting.join();
        try {
            for (ClusterMemberProcess m : members) {
                names.put(m.artery(), m.name);
            }
            System.out.println("Cluster ready: " + members.stream().map(m -> m.name + " (artery " + m.artery() + ", tcp " + m.tcp() + ")")
                    .collect(Collectors.joining(", ")));
            client.connect(members.get(0).tcp());
            System.out.println("Client connected to member-1's TCP listener " + members.get(0).tcp()
                    + "; it sends to the cluster service through upper-gw and to the counters through counter-gw.");
            return demo(members.get(2));
        } finally {
            client.close();
            System.out.println("Stopping the members...");
            ClusterMemberProcess.stopAll(members);
            System.out.println("Done.");
        }
    }

    private int demo(ClusterMemberProcess victim) throws InterruptedException {
        System.out.println();
        System.out.println("== traffic with three members ==");
        for (int i = 0; i < 2; i++) {
            awaitAll(round());
        }
        // sharding spreads the entities over the members; make sure the member we kill has some
        Map<String, String> hostOf = lastHosts();
        while (!hostOf.containsValue(victim.artery()) && entities.size() < 30) {
            String more = "e" + (entities.size() + 1);
            System.out.println("(no counter lives on " + victim.name + " yet: adding " + more + ")");
            entities.add(more);
            awaitAll(List.of(send("entity", more)));
            hostOf = lastHosts();
        }
        List<String> moved = entities.stream().filter(e -> victim.artery().equals(lastHosts().get(e))).toList();

        System.out.println();
        System.out.printf("== %s kill -9 %s (pid %d, artery %s); its counters: %s ==%n", stamp(), victim.name, victim.pid(),
                victim.artery(), moved.isEmpty() ? "none" : String.join(", ", moved));
        double killedAt = seconds();
        victim.kill();
        System.out.println("== keep sending, a round a second; each request times out after " + REQUEST_TIMEOUT.toSeconds() + " s ==");

        List<List<Request>> after = new ArrayList<>();
        long deadline = System.nanoTime() + RECOVER_WITHIN.toNanos();
        while (!survivorsServeEverything(after, victim.artery(), moved)) {
            if (System.nanoTime() > deadline) {
                System.err.println("error: " + RECOVER_WITHIN.toSeconds() + " s after the kill, the survivors still do not serve everything");
                return 1;
            }
            long roundStart = System.nanoTime();
            after.add(round());
            // pacing of the demo's traffic, not synchronisation: the loop's condition is what we wait for
            Thread.sleep(Math.max(0, ROUND_EVERY_MS - (System.nanoTime() - roundStart) / 1_000_000));
        }
        System.out.printf("== %s the survivors serve everything: service 'upper' from member-1 and member-2 only, and every counter "
                + "that lived on %s was re-created on a survivor (%.1f s after the kill) ==%n", stamp(), victim.name, seconds() - killedAt);

        List<Request> all = after.stream().flatMap(List::stream).toList();
        long outstanding = all.stream().filter(r -> !r.reply().isDone()).count();
        if (outstanding > 0) {
            System.out.println("(waiting for the " + outstanding + " requests of the outage still outstanding: each fails at its timeout at the latest)");
            awaitAll(all);
        }
        long failed = all.stream().filter(r -> r.reply().isCompletedExceptionally()).count();
        System.out.println();
        System.out.printf("After the kill: %d requests, %d answered, %d failed (they had gone to %s, or waited while its shards moved).%n",
                all.size(), all.size() - failed, failed, victim.name);
        for (String e : moved) {
            Request first = all.stream().filter(r -> r.target().equals(e) && !r.reply().isCompletedExceptionally()
                    && !victim.artery().equals(ClusterClient.servedBy(r.reply().join()))).findFirst().orElseThrow();
            String reply = first.reply().join();
            int count = ClusterClient.count(reply);
            System.out.printf("  %s: re-created on %s, %s%n", e, name(ClusterClient.servedBy(reply)), count == 1
                    ? "its count restarted at 1"
                    : "first answer count=" + count + " (earlier messages reached it after their requests had timed out)");
        }
        Map<String, Long> served = all.stream().filter(r -> r.reply().isDone() && !r.reply().isCompletedExceptionally())
                .collect(Collectors.groupingBy(r -> name(ClusterClient.servedBy(r.reply().join())), TreeMap::new, Collectors.counting()));
        System.out.println("  answers after the kill by member: " + served);
        return 0;
    }

    /** True once all moved counters answered from a survivor and the last two finished rounds went to survivors only. */
    private static boolean survivorsServeEverything(List<List<Request>> rounds, String dead, List<String> moved) {
        for (String e : moved) {
            boolean back = rounds.stream().flatMap(List::stream)
                    .anyMatch(r -> r.target().equals(e) && r.reply().isDone() && !r.reply().isCompletedExceptionally()
                            && !r.answeredBy(dead));
            if (!back) {
                return false;
            }
        }
        List<List<Request>> finished = rounds.stream().filter(r -> r.stream().allMatch(x -> x.reply().isDone())).toList();
        if (finished.size() < 2) {
            return false;
        }
        return finished.subList(finished.size() - 2, finished.size()).stream().flatMap(List::stream)
                .allMatch(r -> !r.reply().isCompletedExceptionally() && !r.answeredBy(dead));
    }

    /** Two requests to the service and one to each counter, all at once. */
    private List<Request> round() {
        List<Request> round = new ArrayList<>();
        round.add(send("service", "upper"));
        round.add(send("service", "upper"));
        for (String e : entities) {
            round.add(send("entity", e));
        }
        return round;
    }

    private final Map<String, String> lastHost = new ConcurrentHashMap<>();

    private Request send(String kind, String target) {
        double at = seconds();
        String label = kind.equals("service") ? "service upper" : "entity " + target;
        CompletableFuture<String> request = kind.equals("service")
                ? client.upper("hello-" + (++sent), REQUEST_TIMEOUT)
                : client.counter(target, REQUEST_TIMEOUT);
        // the request as the demo sees it: completes once its outcome is printed
        CompletableFuture<String> reply = request.whenComplete((r, error) -> {
            if (error == null) {
                String member = ClusterClient.servedBy(r);
                if (kind.equals("entity") && member != null) {
                    lastHost.put(target, member);
                }
                // entity replies start with the entity's name
                System.out.printf("%s %s -> %s (%s)%n", stamp(), label, kind.equals("entity") ? r.substring(target.length() + 1) : r,
                        name(member));
            } else {
                Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                System.out.printf("%s %s -> failed: %s%s (sent at %.1fs)%n", stamp(), label,
                        e instanceof OckamException o ? o.kind() + " " : "", e.getMessage(), at);
            }
        });
        return new Request(kind, target, at, reply);
    }

    private Map<String, String> lastHosts() {
        return new LinkedHashMap<>(lastHost);
    }

    private static void awaitAll(List<Request> requests) {
        for (Request r : requests) {
            try {
                r.reply().join();
            } catch (CompletionException e) {
                // printed when it completed
            }
        }
    }

    private String name(String artery) {
        return names.getOrDefault(String.valueOf(artery), "?");
    }

    private double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }

    private String stamp() {
        return String.format("[%5.1fs]", seconds());
    }
}
