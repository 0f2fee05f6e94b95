/** The {@code ockam} command line: node processes, their state directory and node manager. An application: exports nothing. */
module dev.ockamj.command {
    requires dev.ockamj.node;
    requires dev.ockamj.transport.tcp;
    requires dev.ockamj.identity;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires jdk.httpserver;
    requires micrometer.registry.prometheus; // node create --metrics-port: the node's meters at GET /metrics
    requires io.opentelemetry.sdk; // a node's traces, from the OTEL_* environment (NodeTelemetry)
    requires io.opentelemetry.sdk.autoconfigure;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires org.slf4j;

    // picocli and Jackson read the commands and the state files reflectively
    opens dev.ockamj.command to info.picocli;
    opens dev.ockamj.command.state to com.fasterxml.jackson.databind;
}
