package dev.ockamj.command;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.command.manager.NodeManager;
import dev.ockamj.command.state.NodeRecord;
import dev.ockamj.command.state.NodeStore;
import dev.ockamj.command.state.NodeStoreException;
import dev.ockamj.identity.IdentitySecrets;
import dev.ockamj.identity.SecureChannels;
import dev.ockamj.node.Node;
import dev.ockamj.node.OckamException;
import dev.ockamj.transport.tcp.TcpListener;
import dev.ockamj.transport.tcp.TcpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node as the command runs it: in a JVM of its own (started by {@code node create} / {@code node start}), or in
 * the command's own JVM with {@code --foreground}. It runs the default services and the node manager behind a
 * TCP listener and records its pid and listener address in {@code $OCKAM_HOME}.
 */
public final class NodeProcess {
    /** The requested listener address (what {@code --tcp-listener-address} said), in the node's record. */
    static final String REQUESTED_LISTENER = "tcp-listener-address";
    static final String DEFAULT_LISTENER = "127.0.0.1:0";
    /** The requested HTTP status port ("0": any), in the node's record; absent: no HTTP server. */
    static final String HTTP_SERVER_PORT = "http-server-port";
    /** The requested Prometheus port ("0": any), in the node's record; absent: no Prometheus registry, no endpoint. */
    static final String METRICS_PORT = "metrics-port";
    private static Logger log;

    private NodeProcess() {
    }

    /** {@code NodeProcess --home=DIR --name=NAME [--verbose]}: what {@link NodeLauncher} starts. */
    public static void main(String[] args) {
        String home = null;
        String name = null;
        boolean verbose = false;
        for (String a : args) {
            if (a.startsWith("--home=")) {
                home = a.substring("--home=".length());
            } else if (a.startsWith("--name=")) {
                name = a.substring("--name=".length());
            } else if (a.equals("--verbose")) {
                verbose = true;
            }
        }
        if (home == null || name == null) {
            System.err.println("usage: NodeProcess --home=DIR --name=NAME [--verbose]");
            System.exit(2);
        }
        try {
            run(new NodeStore(Path.of(home)), name, verbose);
            System.exit(0);
        } catch (RuntimeException e) {
            logger().error("node '{}' failed: {}", name, e.getMessage(), e);
            System.exit(1);
        }
    }

    /** Runs node {@code name} until it is stopped (by its manager, or by a signal). */
    static void run(NodeStore store, String name, boolean verbose) {
        configureLogging(verbose);
        NodeRecord record = Nodes.existing(store, name);
        String secret = store.secret(name);
        // always a registry: node show --metrics asks the manager for the node's meters, with or without Prometheus
        String metricsPort = record.properties().get(METRICS_PORT);
        MeterRegistry meters = metricsPort != null ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                : new SimpleMeterRegistry();
        OpenTelemetrySdk telemetry = NodeTelemetry.fromEnvironment("ockamj-node-" + name,
                System.getenv()); // null: no traces
        Node.Builder builder = Node.builder().name(name).meterRegistry(meters)
                .config(ConfigFactory.parseString("ockamj.node.shutdown-timeout = 5s"));
        Node node = (telemetry == null ? builder : builder.openTelemetry(telemetry)).start();
        long pid = ProcessHandle.current().pid();
        LoopbackHttpServer metricsServer = null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.stop();
            close(telemetry);
            markStopped(store, name, pid);
        }, "node-shutdown"));
        try {
            TcpTransport tcp = TcpTransport.create(node);
            NodeManager manager = new NodeManager(node, tcp, secret, node::stop);
            manager.startDefaultServices();
            // the node's identity, kept (0600) in its directory so that it survives restarts
            IdentitySecrets identity = IdentitySecrets.parse(store.identitySecrets(name, () -> IdentitySecrets.generate().export()));
            manager.startSecureChannelListener(SecureChannels.create(node, identity));
            TcpListener listener = listen(manager, record);
            // the relay service, outlets and relays: reachable through this listener and secure channels to api
            manager.startRelaysAndPortals(listener);
            String http = httpServer(store, record, manager);
            metricsServer = meters instanceof PrometheusMeterRegistry prometheus ? metricsServer(record, prometheus) : null;
            String metrics = metricsServer == null ? null : metricsServer.hostPort();
            store.update(name, r -> r.withPid(pid).withTcpListenerAddress(listener.hostPort())
                    .withProperty(NodeView.HTTP_SERVER, http).withProperty(NodeView.METRICS_SERVER, metrics)
                    .withStartedAt(Instant.now()).withVerbose(verbose));
            logger().info("node '{}' is up: pid {}, TCP listener {}, identity {}, services {}{}", name, pid,
                    listener.hostPort(), identity.identity().identifier(), manager.services(),
                    metrics == null ? "" : ", Prometheus metrics at http://" + metrics + MetricsServer.PATH);
        } catch (RuntimeException e) {
            node.stop();
            stop(metricsServer);
            close(telemetry);
            throw e;
        }
        node.awaitStopped(Duration.ofDays(365 * 100L));
        stop(metricsServer); // in the command's own JVM (--foreground) too, the port is free once the node is
        close(telemetry); // sends the spans still batched
        markStopped(store, name, pid);
        logger().info("node '{}' stopped", name);
    }

    private static void close(OpenTelemetrySdk telemetry) {
        if (telemetry != null) {
            telemetry.close(); // flushes and waits (up to 10 s) for the exporter
        }
    }

    /** Starts the node's HTTP status server if it has one: on its last port again when it can. Returns HOST:PORT. */
    private static String httpServer(NodeStore store, NodeRecord record, NodeManager manager) {
        String requested = record.properties().get(HTTP_SERVER_PORT);
        return requested == null ? null : serve("HTTP", requested, record.properties().get(NodeView.HTTP_SERVER),
                port -> StatusServer.start(store, record.name(), manager, port)).hostPort();
    }

    /** Serves the node's meters to Prometheus ({@link MetricsServer}): on its last port again when it can. */
    private static LoopbackHttpServer metricsServer(NodeRecord record, PrometheusMeterRegistry registry) {
        return serve("metrics", record.properties().get(METRICS_PORT), record.properties().get(NodeView.METRICS_SERVER),
                port -> MetricsServer.start(registry, port));
    }

    /**
     * Starts a server on {@code requested}; when that is 0 (any port) and the node served on {@code previous}
     * (HOST:PORT) before, on that port again if it is free, so that what scrapes or polls it finds it after a restart.
     */
    private static LoopbackHttpServer serve(String what, String requested, String previous,
                                            LoopbackHttpServer.Start start) {
        try {
            if (previous != null && requested.equals("0")) {
                try {
                    return start.on(Integer.parseInt(previous.substring(previous.lastIndexOf(':') + 1)));
                } catch (java.io.IOException e) {
                    logger().warn("cannot serve {} on {} again ({}); using a free port", what, previous, e.getMessage());
                }
            }
            return start.on(Integer.parseInt(requested));
        } catch (java.io.IOException e) {
            throw new OckamException(OckamException.Kind.TRANSPORT, "cannot serve " + what + " on 127.0.0.1:" + requested
                    + ": " + e.getMessage());
        }
    }

    private static void stop(LoopbackHttpServer server) {
        if (server != null) {
            server.stop();
        }
    }

    /** The last address it listened on (same port after a restart), else the requested one. */
    private static TcpListener listen(NodeManager manager, NodeRecord record) {
        String requested = record.properties().getOrDefault(REQUESTED_LISTENER, DEFAULT_LISTENER);
        String previous = record.tcpListenerAddress();
        if (previous != null && !previous.equals(requested)) {
            try {
                return manager.listen(previous);
            } catch (OckamException e) {
                logger().warn("cannot listen on {} again ({}); using {}", previous, e.getMessage(), requested);
            }
        }
        return manager.listen(requested);
    }

    private static void markStopped(NodeStore store, String name, long pid) {
        try {
            store.update(name, r -> r.pid() == pid ? r.stopped() : r);
        } catch (NodeStoreException e) {
            // deleted while running: nothing to mark
        }
    }

    /** The node's own logging: INFO (DEBUG with --verbose) to stdout, which is its log file in the background. */
    private static void configureLogging(boolean verbose) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            context.putProperty("ockamj.node.log-level", verbose ? "DEBUG" : "INFO");
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(NodeProcess.class.getResource("/logback-node.xml"));
            } catch (JoranException e) {
                System.err.println("cannot configure the node's logging: " + e.getMessage());
            }
        }
        log = null;
    }

    private static Logger logger() {
        if (log == null) {
            log = LoggerFactory.getLogger(NodeProcess.class);
        }
        return log;
    }
}
