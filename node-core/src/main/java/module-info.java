/**
 * ockamj's nodes and workers: {@link dev.ockamj.node.Node}, {@link dev.ockamj.node.Worker},
 * {@link dev.ockamj.node.Context}, addresses and routes ({@code dev.ockamj.node}); the BARE codec for bodies
 * ({@code dev.ockamj.node.codec}); and what transports and protocol modules plug in with
 * ({@code dev.ockamj.node.spi}); relays ({@code dev.ockamj.node.relay}). Everything else is internal.
 */
module dev.ockamj.node {
    requires transitive akka.actor.typed; // Node#actorSystem, the escape hatch to Akka
    requires transitive typesafe.config; // Node.Builder#config
    requires transitive micrometer.core; // Node.Builder#meterRegistry
    requires transitive io.opentelemetry.api; // Node.Builder#openTelemetry
    requires io.opentelemetry.context;
    requires akka.actor;
    requires scala.library;
    requires org.slf4j;

    exports dev.ockamj.node;
    exports dev.ockamj.node.codec;
    exports dev.ockamj.node.relay;
    exports dev.ockamj.node.spi;
    exports dev.ockamj.node.internal to dev.ockamj.transport.tcp, dev.ockamj.cluster, dev.ockamj.command;

    // to tell the user when no SLF4J binding is present (LoggingBinding)
    uses org.slf4j.spi.SLF4JServiceProvider;

    // the codec reads users' records (and their components) reflectively
    opens dev.ockamj.node.codec;
}
