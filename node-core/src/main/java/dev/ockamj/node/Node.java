package dev.ockamj.node;

import dev.ockamj.node.internal.NodeInternals;

import dev.ockamj.node.internal.Printable;
import dev.ockamj.node.spi.Recipient;
import dev.ockamj.node.spi.TransportRouter;

import akka.actor.DeadLetter;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Ockam node: an asynchronous runtime for workers, backed by one Akka ActorSystem.
 *
 * <p>The node is also the program's own {@link Context}, at address {@code app}: it can send, and block in
 * {@link #receive} for the replies.
 *
 * <pre>{@code
 * try (Node node = Node.start()) {
 *     node.startWorker("echoer", new Echoer());
 *     node.send("echoer", "Hello Ockam!");
 *     System.out.println("App Received: " + node.receive(String.class, Duration.ofSeconds(5)).body());
 * }
 * }</pre>
 *
 * <p>Threads: every public method is thread-safe. {@link #stop()} blocks until the node has stopped (bounded by
 * {@code ockamj.node.shutdown-timeout}), {@link #receive} and {@link #awaitStopped} block until their timeout;
 * the others return at once.
 */
public final class Node implements Context, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** The program's own address on every node. */
    public static final Address APP = Address.local("app");

    private final String name;
    private final Router router;
    private final QueueContext app;
    private final ActorSystem<Guardian.Command> system;
    private final Duration shutdownTimeout;
    private final AtomicBoolean stopCalled = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final ScheduledFuture<?> stallWatch;
    private final NodeSpiImpl spi;

    static {
        NodeInternals.install(NodeSpiImpl.ACCESS);
    }

    private Node(String name, String actorSystemName, Config config, MeterRegistry meterRegistry,
                 OpenTelemetry openTelemetry) {
        this.name = name;
        this.router = new Router(this);
        if (meterRegistry != null) {
            router.metrics = new NodeMetrics(meterRegistry, name, router);
        }
        if (openTelemetry != null) {
            router.tracing = new NodeTracing(openTelemetry, name);
        }
        this.spi = new NodeSpiImpl(this, router);
        this.shutdownTimeout = config.getDuration("ockamj.node.shutdown-timeout");
        this.system = ActorSystem.create(Guardian.create("ockamj.node.processor-dispatcher",
                "ockamj.node.blocking-dispatcher"), actorSystemName, config);
        router.bind(system);
        // a transport's message left in a stopped worker's mailbox is still consumed (WorkerCell.Tracked);
        // subscribed here, synchronously, so that no dead letter is missed once the node is running
        ActorRef<DeadLetter> deadLetters = system.systemActorOf(Guardian.deadLetters(), "ockamj-dead-letters",
                Props.empty());
        Adapter.toClassic(system).eventStream().subscribe(Adapter.toClassic(deadLetters), DeadLetter.class);
        Duration stallLimit = config.getDuration("ockamj.node.blocked-worker-warning");
        if (stallLimit.isZero() || stallLimit.isNegative()) {
            this.stallWatch = null;
        } else {
            // on a thread of its own, not a dispatcher's: it must work when every dispatcher thread is stuck
            this.stallWatch = StallWatch.schedule(new StallWatch(router, name, stallLimit));
        }
        this.app = new QueueContext(router, APP);
        router.register(APP, app);
        // Stopped from outside (e.g. the JVM's shutdown hook ran CoordinatedShutdown): finish the stop.
        system.getWhenTerminated().thenRun(() -> {
            if (!stopCalled.get()) {
                router.stopped();
                app.close();
                stopped.complete(null);
            }
        });
    }

    /**
     * Starts a node with a random name and the default configuration (the {@code application.conf} on the
     * classpath over ockamj's defaults). Thread-safe.
     *
     * @return the running node; stop it with {@link #stop()} or try-with-resources
     */
    public static Node start() {
        return builder().start();
    }

    /**
     * A builder to choose the node's name and configuration before starting it. Thread-safe.
     *
     * @return a new builder, with the same defaults as {@link #start()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a node: its name and its Typesafe Config. A builder is not thread-safe: set it up and start it on
     * one thread.
     */
    public static final class Builder {
        private String name;
        private String actorSystemName;
        private Config config;
        private MeterRegistry meterRegistry;
        private OpenTelemetry openTelemetry;

        private Builder() {
        }

        /**
         * Traces what the node's workers do with {@code openTelemetry}'s tracer: each worker's handling of a message
         * is a span ({@code <worker class>::handle_message}), a child of the trace the message carries; messages
         * sent while a span is current (a worker's handling, or the caller's own span around {@link Node#send} or
         * {@link Node#request}) carry that span, between workers of the node and over TCP, in Ockam's form (W3C
         * {@code traceparent} and {@code tracestate} as JSON), so a trace goes on across ockamj and Ockam nodes.
         * Default: none, and nothing is traced, carried or written. With the OpenTelemetry Java agent or an SDK
         * registered globally, pass {@code GlobalOpenTelemetry.get()}. See docs/observability.md.
         *
         * @param openTelemetry the OpenTelemetry whose tracer makes the node's spans
         * @return this builder
         */
        public Builder openTelemetry(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
            return this;
        }

        /**
         * Counts what the node does into {@code registry} (Micrometer): messages routed, delivered and dropped by
         * reason, workers running, workers' failures and stalls; transports add their own meters (see
         * docs/observability.md). Every meter is tagged with the node's name. Default: none, and metrics cost
         * nothing. Which registry (Prometheus, JMX, OTLP, ...) is the user's choice.
         *
         * @param registry the registry to register the node's meters in
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The node's name, also its ActorSystem's: letters, digits, '-' and '_', up to 64 characters
         * (default: {@code node-} and 8 random hex digits).
         *
         * @param name the node's name, starting with a letter or digit
         * @return this builder
         * @throws OckamException INVALID_ADDRESS if the name is not of that form
         */
        public Builder name(String name) {
            if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
                throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "invalid node name '"
                        + Printable.escape(name, 80) + "': use letters, digits, '-' and '_' (at most 64), starting with a letter or digit");
            }
            this.name = name;
            return this;
        }

        /**
         * The name of the node's ActorSystem (default: the node's name). Nodes that join one Akka cluster must
         * share it, while their node names differ.
         *
         * @param actorSystemName the ActorSystem's name: letters, digits, '-' and '_', up to 64 characters
         * @return this builder
         * @throws OckamException INVALID_ADDRESS if the name is not of that form
         */
        public Builder actorSystemName(String actorSystemName) {
            if (!NAME.matcher(Objects.requireNonNull(actorSystemName, "actorSystemName")).matches()) {
                throw new OckamException(OckamException.Kind.INVALID_ADDRESS, "invalid ActorSystem name '"
                        + Printable.escape(actorSystemName, 80) + "'");
            }
            this.actorSystemName = actorSystemName;
            return this;
        }

        /**
         * Configuration that overrides ockamj's and Akka's defaults (default: the application.conf on the classpath).
         *
         * @param config the configuration; ockamj's {@code ockamj-node.conf} and Akka's defaults fill in the rest
         * @return this builder
         */
        public Builder config(Config config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Starts the node with what was set: its ActorSystem and the {@code app} context.
         *
         * @return the running node
         */
        public Node start() {
            dev.ockamj.node.internal.LoggingBinding.noticeIfMissing();
            Config user = config != null ? config : ConfigFactory.defaultApplication();
            Config full = ConfigFactory.load(user.withFallback(ConfigFactory.parseResources(Node.class.getClassLoader(),
                    "ockamj-node.conf")));
            String n = name != null ? name : "node-" + Address.random().valueString().substring(0, 8);
            return new Node(n, actorSystemName != null ? actorSystemName : n, full, meterRegistry,
                    openTelemetry);
        }
    }

    /**
     * The node's name, as given to {@link Builder#name} or chosen at random. Thread-safe.
     *
     * @return the node's name
     */
    public String name() {
        return name;
    }

    /**
     * The program's own context, at address {@code app} (the node itself is that context too). Thread-safe.
     *
     * @return the {@code app} context
     */
    public Context context() {
        return app;
    }

    /**
     * The addresses of the started workers and processors, sorted. Thread-safe: a snapshot of the address table.
     *
     * @return a new list of every address in the address table but the {@code app} context's and those of
     *     requests waiting for replies (so transports' connection addresses too), sorted by their text
     */
    public List<Address> listWorkers() {
        return router.workerAddresses();
    }

    /**
     * Ockam's flow control for messages that arrive through transports. Thread-safe.
     *
     * @return the node's flow controls
     */
    public FlowControls flowControls() {
        return router.flowControls;
    }

    /**
     * Whether {@code address} has an owner on this node. Thread-safe.
     *
     * @param address the address to look up
     * @return true if a worker, processor or context (or a transport's connection) owns {@code address}
     */
    public boolean hasAddress(Address address) {
        return router.isRegistered(address);
    }

    /**
     * The escape hatch to Akka: the node's ActorSystem. Thread-safe.
     *
     * @return the ActorSystem that runs the node's workers
     */
    public ActorSystem<?> actorSystem() {
        return system;
    }

    Router router() {
        return router;
    }

    NodeSpiImpl spi() {
        return spi;
    }

    /**
     * Stops the node: no new workers are accepted; processors stop and run their shutdown; then every worker
     * runs its shutdown once and the ActorSystem terminates; then the {@code app} context closes. Returns within
     * {@code ockamj.node.shutdown-timeout} (plus a second) even if a shutdown or a handler hangs; then a warning
     * names the processors and workers that did not finish (and where each one is: in its shutdown, handling a
     * message, or waiting for a thread), and they are left behind on the node's daemon threads. Calling it again
     * (or from another thread) waits for the first call; it never throws. Thread-safe.
     */
    public void stop() {
        if (!stopCalled.compareAndSet(false, true)) {
            awaitStopped(shutdownTimeout.plusSeconds(1));
            return;
        }
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        router.beginStop();
        try {
            // workers whose start was accepted get initialized (and so shut down) too
            CompletableFuture<Void> drained = new CompletableFuture<>();
            system.tell(new Guardian.Drain(drained));
            waitFor(drained, deadline, "pending worker starts");
            List<ProcessorCell> processors = router.processors();
            processors.forEach(ProcessorCell::close);
            if (!waitFor(CompletableFuture.allOf(processors.stream().map(p -> p.stopped).toArray(CompletableFuture[]::new)),
                    deadline, "processors to stop")) {
                LOG.warn("node '{}': processors still running, left behind: {}", name, processors.stream()
                        .filter(p -> !p.stopped.isDone()).map(p -> p.address().toString()).toList());
            }
            system.terminate();
            if (!waitFor(system.getWhenTerminated().toCompletableFuture(),
                    Math.max(deadline, System.nanoTime() + 1_000_000_000L), "workers to run their shutdown")) {
                List<WorkerCell> left = router.unfinishedWorkers();
                LOG.warn("node '{}': {} worker(s) did not stop and are left behind: {}", name, left.size(),
                        StallWatch.describe(left, 50));
            }
        } finally {
            if (stallWatch != null) {
                stallWatch.cancel(false);
            }
            router.stopped();
            app.close();
            stopped.complete(null);
        }
    }

    /** False if {@code done} did not complete by {@code deadline} (that is logged). */
    private boolean waitFor(CompletableFuture<?> done, long deadline, String what) {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            LOG.warn("node '{}': gave up waiting for {} after {}; continuing the stop", name, what, shutdownTimeout);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warn("node '{}': error while waiting for {}", name, what, e);
            return true;
        }
    }

    /**
     * Completes when the node has stopped, by {@link #stop()} or because its ActorSystem terminated. Thread-safe.
     *
     * @return a stage that completes (normally) once the node has stopped
     */
    public CompletionStage<Void> whenStopped() {
        return stopped;
    }

    /**
     * Blocks until the node has stopped (e.g. a server's main thread), or until {@code timeout}. Thread-safe.
     *
     * @param timeout how long to wait at most
     * @return true if the node has stopped, false if the timeout passed or the thread was interrupted (its
     *     interrupt flag is set again)
     */
    public boolean awaitStopped(Duration timeout) {
        try {
            stopped.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    /** Stops the node: the same as {@link #stop()}, for try-with-resources. Thread-safe. */
    @Override
    public void close() {
        stop();
    }

    // ---- Context, as the app ----

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context: this node. Thread-safe.
     */
    @Override
    public Node node() {
        return this;
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context: {@link #APP}. Thread-safe.
     */
    @Override
    public Address address() {
        return APP;
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context. Thread-safe.
     */
    @Override
    public List<Address> addresses() {
        return app.addresses();
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context. Thread-safe.
     */
    @Override
    public void sendFrom(Address from, Route route, Object body) {
        app.sendFrom(from, route, body);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context. Thread-safe.
     */
    @Override
    public void forward(Routed<?> msg) {
        app.forward(msg);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context. Thread-safe.
     */
    @Override
    public <R> CompletionStage<R> request(Route route, Object body, Class<R> replyType, Duration timeout) {
        return app.request(route, body, replyType, timeout);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context. Thread-safe.
     */
    @Override
    public Cancellable sendDelayed(Duration delay, Route route, Object body) {
        return app.sendDelayed(delay, route, body);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Receives the messages sent to {@code app}. Thread-safe.
     */
    @Override
    public <M> Routed<M> receive(Class<M> type, Duration timeout) {
        return app.receive(type, timeout);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context. Thread-safe.
     */
    @Override
    public void startProcessor(String address, Processor processor) {
        app.startProcessor(address, processor);
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the {@code app} context. Thread-safe.
     */
    @Override
    public void stopWorker(Address address) {
        app.stopWorker(address);
    }

    /** {@return {@code Node[}name{@code ]}} */
    @Override
    public String toString() {
        return "Node[" + name + "]";
    }
}
