/** The runnable examples: user code, so they see only the exported API of ockamj's modules. */
module dev.ockamj.examples {
    requires dev.ockamj.node;
    requires dev.ockamj.transport.tcp;
    requires dev.ockamj.cluster;
    requires dev.ockamj.identity;
    requires org.slf4j;
    requires io.opentelemetry.sdk; // 06-tracing
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.context;
}
