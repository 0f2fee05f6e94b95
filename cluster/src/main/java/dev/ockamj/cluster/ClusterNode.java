package dev.ockamj.cluster;

import dev.ockamj.node.internal.HostPort;

import dev.ockamj.node.spi.NodeSpi;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.typed.JoinSeedNodes;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Address;
import dev.ockamj.node.Context;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.Route;
import dev.ockamj.node.Routed;
import dev.ockamj.node.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * An ockamj node that is a member of an Akka cluster: it routes to other members' workers, publishes services
 * any member can reach, and hosts its share of sharded workers. See docs/cluster.md.
 *
 * <p>Route hops of three transport types of its own (never clashing with Ockam's 0–5):
 * <ul>
 * <li>{@code 100#host:port} — the member at that Artery address: the route continues on that member;
 * <li>{@code 101#name} — a cluster service: one of its providers, in turn;
 * <li>{@code 102#type/id} — the sharded worker of that type and entity id, wherever it lives.
 * </ul>
 *
 * <p>Threads: every public method is thread-safe. The {@code await} methods block, polling every 20 ms, until
 * their condition holds or the timeout passes; {@link #close()} blocks while the node stops; the others return
 * at once, what they ask of Akka (joining, registering with the Receptionist) going on in the background.
 */
public final class ClusterNode implements AutoCloseable {
    /** Transport type of a member hop, {@code 100#host:port}: the route continues on the member at that Artery address. */
    public static final int CLUSTER_MEMBER = 100;
    /** Transport type of a service hop, {@code 101#name}: one provider of cluster service {@code name}, in turn. */
    public static final int CLUSTER_SERVICE = 101;
    /** Transport type of a sharded worker hop, {@code 102#type/id}: that entity, on whichever member hosts it. */
    public static final int SHARDED_WORKER = 102;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final Node node;
    private final ClusterRouting routing;
    private final Map<String, EntityTypeKey<ClusterEnvelope>> shardTypes = new ConcurrentHashMap<>();
    private final Map<String, ActorRef<ClusterEnvelope>> published = new ConcurrentHashMap<>();

    private ClusterNode(Node node) {
        this.node = node;
        this.routing = new ClusterRouting(node, ClusterRouting.hostPort(Cluster.get(node.actorSystem()).selfMember().address()));
        ActorRef<ClusterEnvelope> router = node.actorSystem().systemActorOf(Inbound.behavior(node, null),
                "ockamj-member-router", Props.empty());
        routing.selfRouter(router);
        node.actorSystem().receptionist().tell(Receptionist.register(ClusterRouting.ROUTER_KEY, router));
        NodeSpi.of(node).registerTransport(CLUSTER_MEMBER, routing::routeToMember);
        NodeSpi.of(node).registerTransport(CLUSTER_SERVICE, routing::routeToService);
        NodeSpi.of(node).registerTransport(SHARDED_WORKER, this::routeToEntity);
    }

    /**
     * A builder for a member; {@link Builder#start()} starts it.
     *
     * @return a new builder: cluster {@code ockamj}, Artery on {@code 127.0.0.1:25520}, no seed nodes
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a member: node name, cluster (ActorSystem) name, Artery host and port, seed nodes, configuration.
     * A builder is not thread-safe: set it up and start it on one thread.
     */
    public static final class Builder {
        private String name;
        private String clusterName = "ockamj";
        private String host = "127.0.0.1";
        private int port = 25520;
        private final List<String> seeds = new ArrayList<>();
        private Config config = ConfigFactory.empty();

        /**
         * The node's name (default: random); it must differ between members. Checked by {@link #start()}.
         *
         * @param name letters, digits, '-' and '_', up to 64 characters
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * The ActorSystem name every member of the cluster shares (default {@code ockamj}). Checked by
         * {@link #start()}.
         *
         * @param clusterName letters, digits, '-' and '_', up to 64 characters
         * @return this builder
         */
        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /**
         * Where this member listens for other members (Artery TCP); port 0 picks a free one (see
         * {@link ClusterNode#memberAddress()}).
         *
         * @param host the canonical host name or IP address other members reach this one at, not null
         * @param port the port, 0 for a free one
         * @return this builder
         */
        public Builder artery(String host, int port) {
            this.host = Objects.requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /**
         * Seed nodes as {@code host:port}; a member that lists itself first forms the cluster. Adds to those given
         * before; with none, the configuration's {@code akka.cluster.seed-nodes} (if any) apply.
         *
         * @param hostPorts the seeds' Artery addresses
         * @return this builder
         */
        public Builder seedNodes(String... hostPorts) {
            seeds.addAll(List.of(hostPorts));
            return this;
        }

        /**
         * Overrides of ockamj's cluster defaults (ockamj-cluster.conf) and of Akka's. They win over the Artery
         * address and seed nodes set on this builder too.
         *
         * @param config the configuration, not null
         * @return this builder
         */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Starts the member's node, whose ActorSystem joins the cluster through the seed nodes (if any). It
         * returns before the member is Up: see {@link ClusterNode#awaitUp} and {@link ClusterNode#awaitMembers}.
         *
         * @return the started member
         * @throws OckamException INVALID_ADDRESS if the node name or cluster name is not valid
         */
        public ClusterNode start() {
            String seedList = seeds.stream().map(s -> "\"akka://" + clusterName + "@" + s + "\"")
                    .collect(Collectors.joining(", ", "[", "]"));
            Config generated = ConfigFactory.parseString("akka.remote.artery.canonical.hostname = \"" + host + "\"\n"
                    + "akka.remote.artery.canonical.port = " + port + "\n"
                    + (seeds.isEmpty() ? "" : "akka.cluster.seed-nodes = " + seedList + "\n"));
            Config full = config.withFallback(generated)
                    .withFallback(ConfigFactory.parseResources(ClusterNode.class.getClassLoader(), "ockamj-cluster.conf"));
            Node.Builder b = Node.builder().actorSystemName(clusterName).config(full);
            if (name != null) {
                b.name(name);
            }
            return new ClusterNode(b.start());
        }
    }

    /**
     * The member's node: start workers, send, receive as usual.
     *
     * @return the node
     */
    public Node node() {
        return node;
    }

    /**
     * This member's Artery address, {@code host:port}.
     *
     * @return the address other members reach this one at, with the real port when 0 was asked for
     */
    public String memberAddress() {
        return routing.self;
    }

    /**
     * The route hop {@code 100#host:port} of this member.
     *
     * @return the hop other members put in front of a route to reach workers on this member
     */
    public Address memberHop() {
        return Address.of(CLUSTER_MEMBER, routing.self);
    }

    /**
     * Joins the cluster of the member at {@code hostPort} (its own address forms a new cluster).
     *
     * @param hostPort the member's Artery address: {@code host:port} or {@code [v6]:port}
     * @throws OckamException INVALID_ADDRESS naming the input if it is not {@code host:port}
     */
    public void join(String hostPort) {
        Cluster cluster = Cluster.get(node.actorSystem());
        cluster.manager().tell(Join.create(memberAddress(cluster.selfMember().address(), hostPort)));
    }

    /**
     * Joins through the given seed nodes.
     *
     * @param hostPorts the seeds' Artery addresses: {@code host:port} or {@code [v6]:port} each
     * @throws OckamException INVALID_ADDRESS naming the first input that is not {@code host:port}
     */
    public void joinSeedNodes(List<String> hostPorts) {
        Cluster cluster = Cluster.get(node.actorSystem());
        akka.actor.Address self = cluster.selfMember().address();
        cluster.manager().tell(new JoinSeedNodes(hostPorts.stream().map(s -> memberAddress(self, s)).toList()));
    }

    /** The Akka address of a member of this member's system at {@code hostPort}. */
    static akka.actor.Address memberAddress(akka.actor.Address self, String hostPort) {
        HostPort hp = HostPort.parse(hostPort);
        // Artery writes an IPv6 canonical host in brackets (since Akka 2.6.15): the same form must match it
        String host = hp.host().indexOf(':') >= 0 ? "[" + hp.host() + "]" : hp.host();
        return new akka.actor.Address(self.protocol(), self.system(), host, hp.port());
    }

    /**
     * The members this member knows of, with their status and reachability.
     *
     * @return a snapshot of the cluster's membership as this member sees it, itself included
     */
    public List<MemberInfo> members() {
        Cluster cluster = Cluster.get(node.actorSystem());
        var unreachable = cluster.state().getUnreachable();
        return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .map(m -> new MemberInfo(ClusterRouting.hostPort(m.address()), m.status().toString(),
                        Set.copyOf(iterable(m.getRoles())), !unreachable.contains(m)))
                .toList();
    }

    private static <T> List<T> iterable(java.util.Set<T> s) {
        return new ArrayList<>(s);
    }

    /**
     * Waits until this member is Up. Blocks the calling thread.
     *
     * @param timeout how long to wait at most
     * @throws OckamException TIMEOUT if this member is not Up within {@code timeout} (the message says what it is),
     *     INTERNAL if the thread is interrupted (its interrupt flag is set again)
     */
    public void awaitUp(Duration timeout) {
        await(timeout, () -> Cluster.get(node.actorSystem()).selfMember().status() == MemberStatus.up(),
                () -> "member " + memberAddress() + " is not Up within " + timeout.toMillis() + " ms (it is "
                        + Cluster.get(node.actorSystem()).selfMember().status() + ")");
    }

    /**
     * Waits until {@code count} members are Up and reachable, and this member can route to each. Blocks the
     * calling thread.
     *
     * @param count how many members (this one included)
     * @param timeout how long to wait at most
     * @throws OckamException TIMEOUT if that does not hold within {@code timeout} (the message lists the members
     *     seen), INTERNAL if the thread is interrupted (its interrupt flag is set again)
     */
    public void awaitMembers(int count, Duration timeout) {
        await(timeout, () -> {
            List<MemberInfo> up = members().stream().filter(m -> m.status().equals("Up") && m.reachable()).toList();
            return up.size() >= count && up.stream().allMatch(m -> routing.hasMemberRouter(m.address()));
        }, () -> "fewer than " + count + " members are Up, reachable and routable within " + timeout.toMillis()
                + " ms; member " + memberAddress() + " sees " + members());
    }

    /**
     * Waits until this member knows {@code count} providers of {@code service}. Blocks the calling thread.
     *
     * @param service the service's name
     * @param count how many providers
     * @param timeout how long to wait at most
     * @throws OckamException TIMEOUT if fewer are known within {@code timeout}, INTERNAL if the thread is
     *     interrupted (its interrupt flag is set again)
     */
    public void awaitService(String service, int count, Duration timeout) {
        await(timeout, () -> routing.providerCount(service) >= count,
                () -> "member " + memberAddress() + " knows " + routing.providerCount(service) + " of " + count
                        + " providers of cluster service '" + Printable.escape(service, 100) + "' after "
                        + timeout.toMillis() + " ms");
    }

    private static void await(Duration timeout, BooleanSupplier condition, Supplier<String> timedOut) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new OckamException(OckamException.Kind.TIMEOUT, timedOut.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OckamException(OckamException.Kind.INTERNAL, "interrupted while waiting", e);
            }
        }
    }

    // ---- cluster services ----

    /**
     * Publishes the worker at {@code localAddress} as cluster service {@code service}: every member can reach it
     * with the hop {@code 101#service}; with several providers, messages are spread over them.
     *
     * @param service the service's name: letters, digits, '-', '_' and '.', up to 100 characters
     * @param localAddress the address of the worker on this member's node that provides it
     * @throws OckamException INVALID_ADDRESS if {@code service} or {@code localAddress} is not valid,
     *     ADDRESS_TAKEN if this member already publishes {@code service}
     */
    public void publishService(String service, String localAddress) {
        checkName(service, "service name");
        ActorRef<ClusterEnvelope> endpoint = node.actorSystem().systemActorOf(
                Inbound.behavior(node, Address.parse(localAddress)),
                "ockamj-service-" + service + "-" + Address.random().valueString().substring(0, 8), Props.empty());
        if (published.putIfAbsent(service, endpoint) != null) {
            throw new OckamException(OckamException.Kind.ADDRESS_TAKEN, "this member already publishes service '" + service + "'");
        }
        node.actorSystem().receptionist().tell(Receptionist.register(ClusterRouting.serviceKey(service), endpoint));
    }

    /**
     * Stops providing {@code service} from this member. Does nothing if it does not publish it.
     *
     * @param service the service's name
     */
    public void withdrawService(String service) {
        ActorRef<ClusterEnvelope> endpoint = published.remove(service);
        if (endpoint != null) {
            node.actorSystem().receptionist().tell(Receptionist.deregister(ClusterRouting.serviceKey(service), endpoint));
        }
    }

    /**
     * The route to cluster service {@code service}.
     *
     * @param service the service's name
     * @return the one-hop route {@code 101#service}
     */
    public static Route serviceRoute(String service) {
        return Route.of(Address.of(CLUSTER_SERVICE, service));
    }

    // ---- sharded workers ----

    /**
     * Registers a sharded worker type. Every member that should host (or reach) such workers registers the same
     * type. A worker is created by {@code factory} on its entity's first message and stopped (its shutdown runs)
     * when idle for {@code akka.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout} (120 s) or when its shard moves; its state
     * is not persisted.
     *
     * @param type the type's name: letters, digits, '-', '_' and '.', up to 100 characters
     * @param factory makes a new worker for each entity, given the entity's id (as Akka's
     *     {@code EntityContext.getEntityId()})
     * @throws OckamException INVALID_ADDRESS if {@code type} is not valid, ADDRESS_TAKEN if it is already
     *     registered on this member
     */
    public void registerSharded(String type, Function<String, ? extends Worker<?>> factory) {
        checkName(type, "sharded worker type");
        EntityTypeKey<ClusterEnvelope> key = EntityTypeKey.create(ClusterEnvelope.class, "ockamj-" + type);
        if (shardTypes.putIfAbsent(type, key) != null) {
            throw new OckamException(OckamException.Kind.ADDRESS_TAKEN, "sharded worker type '" + type + "' is already registered");
        }
        ClusterSharding.get(node.actorSystem()).init(Entity.of(key,
                ctx -> ShardedEntity.behavior(node, type, ctx.getEntityId(), factory)));
    }

    /**
     * The route to the sharded worker {@code type}/{@code entityId}.
     *
     * @param type the sharded worker type
     * @param entityId the entity's id: letters, digits, '-', '_' and '.', up to 100 characters
     * @return the one-hop route {@code 102#type/entityId}
     * @throws OckamException INVALID_ADDRESS if {@code type} or {@code entityId} is not valid
     */
    public static Route entityRoute(String type, String entityId) {
        checkName(type, "sharded worker type");
        checkName(entityId, "entity id");
        return Route.of(Address.of(SHARDED_WORKER, type + "/" + entityId));
    }

    private void routeToEntity(Routed<?> msg) {
        String value = msg.onwardRoute().next().valueString();
        int slash = value.indexOf('/');
        String type = slash < 0 ? value : value.substring(0, slash);
        String id = slash < 0 ? "" : value.substring(slash + 1);
        EntityTypeKey<ClusterEnvelope> key = shardTypes.get(type);
        if (key == null || !NAME.matcher(id).matches()) {
            routing.notDelivered(msg, OckamException.Kind.ADDRESS_NOT_FOUND, key == null
                    ? "sharded worker type '" + Printable.escape(type, 100) + "' is not registered on this member"
                    : "invalid entity id '" + Printable.escape(id, 100) + "'");
            return;
        }
        ClusterEnvelope env;
        try {
            env = routing.envelope(msg);
        } catch (OckamException e) {
            routing.notDelivered(msg, e.kind(), "cannot send to sharded worker " + value + ": " + e.getMessage());
            return;
        }
        ClusterSharding.get(node.actorSystem()).entityRefFor(key, id).tell(env);
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "invalid " + what + " '"
                    + Printable.escape(String.valueOf(name), 100) + "': use letters, digits, '-', '_' and '.' (at most 100)");
        }
    }

    // ---- gateways: reaching the cluster from a TCP peer ----

    /**
     * Starts a local worker at {@code localAddress} that relays what it gets to cluster service {@code service}:
     * a TCP peer (another ockamj node, or an Ockam Rust node) that may reach {@code localAddress} reaches the
     * service through this member, and the reply finds its way back.
     *
     * @param localAddress the gateway worker's LOCAL address
     * @param service the cluster service's name
     * @throws OckamException INVALID_ADDRESS if {@code service} or {@code localAddress} is not valid,
     *     ADDRESS_TAKEN if {@code localAddress} has an owner, NODE_STOPPED if the node is stopping
     */
    public void startServiceGateway(String localAddress, String service) {
        checkName(service, "service name");
        Address hop = Address.of(CLUSTER_SERVICE, service);
        node.startWorker(localAddress, (Worker<Object>) (Context ctx, Routed<Object> msg) ->
                ctx.forward(msg.withOnwardRoute(msg.onwardRoute().replaceNext(hop))));
    }

    /**
     * Starts a local worker at {@code localAddress} that relays to sharded workers of {@code type}: the hop after
     * it names the entity, so a TCP peer sends along {@code [connection, localAddress, entityId]}.
     *
     * @param localAddress the gateway worker's LOCAL address
     * @param type the sharded worker type
     * @throws OckamException INVALID_ADDRESS if {@code type} or {@code localAddress} is not valid,
     *     ADDRESS_TAKEN if {@code localAddress} has an owner, NODE_STOPPED if the node is stopping
     */
    public void startShardGateway(String localAddress, String type) {
        checkName(type, "sharded worker type");
        node.startWorker(localAddress, (Worker<Object>) (Context ctx, Routed<Object> msg) -> {
            Route rest = msg.onwardRoute().step();
            if (rest.isEmpty()) {
                throw new OckamException(OckamException.Kind.ADDRESS_NOT_FOUND,
                        "the shard gateway at " + localAddress + " needs an entity id as the next hop");
            }
            Address entity = Address.of(SHARDED_WORKER, type + "/" + rest.next().valueString());
            ctx.forward(msg.withOnwardRoute(rest.replaceNext(entity)));
        });
    }

    /**
     * Leaves the cluster gracefully and stops the node (Akka's coordinated shutdown does the leaving): the one way
     * to stop a member, also by try-with-resources. The same as {@code node().close()}. Blocks while the node
     * stops; calling it again does nothing.
     */
    @Override
    public void close() {
        node.stop();
    }
}
