package dev.ockamj.examples;

import dev.ockamj.node.Address;
import dev.ockamj.node.Node;
import dev.ockamj.node.Route;
import dev.ockamj.transport.tcp.TcpConnection;
import dev.ockamj.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ordinary ockamj node outside the cluster, connected over TCP to one member ({@link ClusterMember05}) and
 * reaching the cluster through that member's gateways.
 */
final class ClusterClient implements AutoCloseable {
    private static final Pattern SERVED_BY = Pattern.compile(" (?:from|on) (\\S+)$");
    private static final Pattern COUNT = Pattern.compile(" count=(\\d+) on ");

    private final Node node = Node.start();
    private final TcpTransport tcp = TcpTransport.create(node);
    private volatile TcpConnection connection;

    /** Connects to the member's TCP listener ({@code host:port}). */
    void connect(String memberTcp) {
        connection = tcp.connect(memberTcp);
    }

    /** Through {@code upper-gw} to the cluster service {@code upper}: {@code TEXT from <member>}. */
    CompletableFuture<String> upper(String text, Duration timeout) {
        return request(Route.of(connection.address(), Address.local("upper-gw")), text, timeout);
    }

    /** Through {@code counter-gw} to the sharded counter {@code entity}: {@code <entity> count=<n> on <member>}. */
    CompletableFuture<String> counter(String entity, Duration timeout) {
        return request(Route.of(connection.address(), Address.local("counter-gw"), Address.local(entity)), entity, timeout);
    }

    /** To the member's {@code probe}, which asks the cluster itself and reports its errors ({@link ClusterMember05.Probe}). */
    CompletableFuture<String> probe(String body, Duration timeout) {
        return request(Route.of(connection.address(), Address.local("probe")), body, timeout);
    }

    private CompletableFuture<String> request(Route route, String body, Duration timeout) {
        return node.request(route, body, String.class, timeout).toCompletableFuture();
    }

    /** The member ({@code host:port}) named at the end of a reply, or null. */
    static String servedBy(String reply) {
        Matcher m = SERVED_BY.matcher(reply);
        return m.find() ? m.group(1) : null;
    }

    /** The count in a counter's reply, or -1. */
    static int count(String reply) {
        Matcher m = COUNT.matcher(reply);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Override
    public void close() {
        node.stop();
    }
}
