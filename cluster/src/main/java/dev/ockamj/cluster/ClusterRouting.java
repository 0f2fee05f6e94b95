package dev.ockamj.cluster;

import dev.ockamj.node.spi.Payloads;

import dev.ockamj.node.spi.NodeSpi;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import dev.ockamj.node.Address;
import dev.ockamj.node.codec.NeutralMessage;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.Routed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of the cluster: transport routers for member hops ({@code 100#host:port}) and service hops
 * ({@code 101#name}), fed by the Receptionist's listings, and the requests waiting on each member, failed at
 * once when that member becomes unreachable or is removed.
 */
final class ClusterRouting {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRouting.class);
    static final ServiceKey<ClusterEnvelope> ROUTER_KEY = ServiceKey.create(ClusterEnvelope.class, "ockamj-member-router");

    private final Node node;
    private final ActorSystem<?> system;
    final String self;
    /** Member routers by {@code host:port}. */
    private final Map<String, ActorRef<ClusterEnvelope>> members = new ConcurrentHashMap<>();
    /** This member's own router: known from the start, before the Receptionist's first listing names it. */
    private volatile ActorRef<ClusterEnvelope> selfRouter;
    private final Map<String, Providers> services = new ConcurrentHashMap<>();
    /** Return-route first hops (requests, mostly) waiting for a reply from each member. */
    private final Map<String, Set<Address>> waiting = new ConcurrentHashMap<>();
    private final ActorRef<Object> directory;

    /** The providers of one service, as the last listing said. */
    static final class Providers {
        volatile List<ActorRef<ClusterEnvelope>> refs = List.of();
        final CompletableFuture<Void> loaded = new CompletableFuture<>();
        final AtomicInteger next = new AtomicInteger();
    }

    private record Watch(String service) {
    }


    ClusterRouting(Node node, String self) {
        this.node = node;
        this.system = node.actorSystem();
        this.self = self;
        this.directory = system.systemActorOf(directoryBehavior(), "ockamj-cluster-directory", Props.empty());
    }

    static String hostPort(akka.actor.Address a) {
        return a.host().get() + ":" + a.port().get();
    }

    // ---- the directory: listings and membership events ----

    private Behavior<Object> directoryBehavior() {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(ROUTER_KEY, ctx.getSelf().narrow()));
            Cluster.get(ctx.getSystem()).subscriptions().tell(
                    Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ClusterDomainEvent.class));
            return Behaviors.receive(Object.class)
                    .onMessage(Receptionist.Listing.class, l -> {
                        String id = l.getKey().id();
                        if (l.isForKey(ROUTER_KEY)) {
                            Map<String, ActorRef<ClusterEnvelope>> now = new ConcurrentHashMap<>();
                            for (ActorRef<ClusterEnvelope> r : l.getServiceInstances(ROUTER_KEY)) {
                                now.put(r.path().address().hasLocalScope() ? self : hostPort(r.path().address()), r);
                            }
                            ActorRef<ClusterEnvelope> own = selfRouter;
                            if (own != null) {
                                now.put(self, own); // a listing that predates our registration must not drop it
                            }
                            members.keySet().retainAll(now.keySet());
                            members.putAll(now);
                        } else if (id.startsWith(SERVICE_PREFIX)) {
                            String service = id.substring(SERVICE_PREFIX.length());
                            Providers p = services.computeIfAbsent(service, n -> new Providers());
                            p.refs = List.copyOf(l.getServiceInstances(serviceKey(service)));
                            p.loaded.complete(null);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Watch.class, w -> {
                        // one subscriber for every key: a message adapter per key would replace the previous one
                        ctx.getSystem().receptionist().tell(Receptionist.subscribe(serviceKey(w.service()), ctx.getSelf().narrow()));
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.UnreachableMember.class, e -> {
                        memberGone(hostPort(e.member().address()), "became unreachable", false);
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberRemoved.class, e -> {
                        // Exiting before Removed: it left on purpose (not downed); nothing went wrong. A member that
                        // leaves itself also sees every other member removed as its own view of the cluster ends.
                        akka.cluster.MemberStatus me = akka.cluster.Cluster.get(ctx.getSystem()).selfMember().status();
                        boolean itLeft = e.previousStatus() == akka.cluster.MemberStatus.exiting();
                        boolean weLeft = me == akka.cluster.MemberStatus.exiting() || me == akka.cluster.MemberStatus.removed()
                                || me == akka.cluster.MemberStatus.leaving();
                        memberGone(hostPort(e.member().address()), itLeft ? "left the cluster"
                                : weLeft ? "is out of view: this member left the cluster" : "was removed from the cluster",
                                itLeft || weLeft);
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberUp.class, e -> {
                        LOG.info("cluster member {} is up", hostPort(e.member().address()));
                        return Behaviors.same();
                    })
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        });
    }

    private static final String SERVICE_PREFIX = "ockamj-service-";

    static ServiceKey<ClusterEnvelope> serviceKey(String service) {
        return ServiceKey.create(ClusterEnvelope.class, SERVICE_PREFIX + service);
    }

    private void memberGone(String member, String what, boolean leftGracefully) {
        Set<Address> pending = waiting.remove(member);
        int n = pending == null ? 0 : pending.size();
        if (leftGracefully && n == 0) {
            LOG.info("cluster member {} {}", member, what);
        } else {
            LOG.warn("cluster member {} {}; failing what waits for its replies ({} addresses)", member, what, n);
        }
        if (pending != null) {
            OckamException error = new OckamException(OckamException.Kind.TRANSPORT, "cluster member " + member + " " + what);
            pending.forEach(a -> NodeSpi.of(node).failRequestAt(a, error));
        }
    }

    /**
     * Registers this member's own router, so that {@code 100#self} (the return route of every reply a local
     * provider sends) works from the first message: the Receptionist's listing of it can come after the member is
     * up and after a service's listing, and a reply routed before it was lost until the request timed out.
     */
    void selfRouter(ActorRef<ClusterEnvelope> router) {
        selfRouter = router;
        members.put(self, router);
    }

    // ---- sending ----

    /** {@code 100#host:port}: to that member's router. */
    void routeToMember(Routed<?> msg) {
        String member = msg.onwardRoute().next().valueString();
        ActorRef<ClusterEnvelope> ref = members.get(member);
        if (ref == null) {
            notDelivered(msg, OckamException.Kind.ADDRESS_NOT_FOUND, "no cluster member " + Printable.escape(member, 100)
                    + " is up (members with a router: " + new ArrayList<>(members.keySet()) + ")");
            return;
        }
        send(ref, member, msg);
    }

    /** {@code 101#name}: to one of the service's providers, taken in turn. */
    void routeToService(Routed<?> msg) {
        String service = msg.onwardRoute().next().valueString();
        Providers p = services.computeIfAbsent(service, s -> {
            Providers created = new Providers();
            directory.tell(new Watch(s));
            return created;
        });
        if (!p.loaded.isDone()) {
            p.loaded.thenRun(() -> routeToService(msg)); // the first listing is on its way
            return;
        }
        List<ActorRef<ClusterEnvelope>> refs = p.refs;
        if (refs.isEmpty()) {
            notDelivered(msg, OckamException.Kind.ADDRESS_NOT_FOUND,
                    "no member provides cluster service '" + Printable.escape(service, 100) + "'");
            return;
        }
        ActorRef<ClusterEnvelope> ref = refs.get(Math.floorMod(p.next.getAndIncrement(), refs.size()));
        send(ref, ref.path().address().hasLocalScope() ? self : hostPort(ref.path().address()), msg);
    }

    /** The providers of {@code service} this member knows of (for tests and the demo). */
    int providerCount(String service) {
        Providers p = services.computeIfAbsent(service, s -> {
            Providers created = new Providers();
            directory.tell(new Watch(s));
            return created;
        });
        return p.refs.size();
    }

    boolean hasMemberRouter(String member) {
        return members.containsKey(member);
    }

    void send(ActorRef<ClusterEnvelope> ref, String member, Routed<?> msg) {
        if (!member.equals(self) && isUnreachable(member)) {
            notDelivered(msg, OckamException.Kind.TRANSPORT, "cluster member " + member + " is unreachable");
            return;
        }
        ClusterEnvelope env;
        try {
            env = envelope(msg);
        } catch (OckamException e) {
            notDelivered(msg, e.kind(), "cannot send to cluster member " + member + ": " + e.getMessage());
            return;
        }
        Address back = msg.returnRoute().nextOrNull();
        if (back != null && back.isLocal()) {
            Set<Address> set = waiting.computeIfAbsent(member, m -> ConcurrentHashMap.newKeySet());
            if (set.size() > 10_000) {
                set.removeIf(a -> !node.hasAddress(a)); // answered requests leave their address behind
            }
            set.add(back);
        }
        ref.tell(env);
    }

    ClusterEnvelope envelope(Routed<?> msg) {
        byte[] payload = Payloads.encode(msg.body());
        return new ClusterEnvelope(self, WireAddress.of(msg.onwardRoute().step()), WireAddress.of(msg.returnRoute()), payload);
    }

    private boolean isUnreachable(String member) {
        for (akka.cluster.Member m : Cluster.get(system).state().getUnreachable()) {
            if (hostPort(m.address()).equals(member)) {
                return true;
            }
        }
        return false;
    }

    void notDelivered(Routed<?> msg, OckamException.Kind kind, String why) {
        String text = why + " (onward route: " + Printable.escape(msg.onwardRoute().toString(), 300) + ")";
        LOG.warn("message not delivered: {}", text);
        NodeSpi.of(node).failRequests(msg, new OckamException(kind, text));
    }
}
