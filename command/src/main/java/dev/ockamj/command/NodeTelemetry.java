package dev.ockamj.command;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/**
 * A command node's traces: configured the standard OpenTelemetry way, from the {@code OTEL_*} environment
 * variables (or {@code otel.*} system properties) of the process that runs {@code node create}. Tracing is on
 * when they name a trace exporter or an OTLP endpoint; then spans go by OTLP/HTTP (protobuf) to
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (default {@code http://localhost:4318}), with the service name
 * {@code ockamj-node-NAME} unless {@code OTEL_SERVICE_NAME} says otherwise; the command itself traces too, as
 * {@code ockamj-command}, with a span per command that is the root of what it asks the nodes. Metrics and logs are not exported
 * through OpenTelemetry ({@code node create --metrics-port} serves the node's meters instead).
 */
final class NodeTelemetry {
    private NodeTelemetry() {
    }

    /**
     * An OpenTelemetry for {@code serviceName} (a node's is {@code ockamj-node-NAME}, the command's own
     * {@code ockamj-command}), or null when the environment does not ask for traces.
     */
    static OpenTelemetrySdk fromEnvironment(String serviceName, Map<String, String> env) {
        if (!asked(env)) {
            return null;
        }
        return AutoConfiguredOpenTelemetrySdk.builder()
                // defaults only: the user's OTEL_* variables and otel.* properties win over these
                .addPropertiesSupplier(() -> Map.of(
                        "otel.traces.exporter", "otlp",
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none",
                        "otel.service.name", serviceName))
                .disableShutdownHook() // NodeProcess shuts it down after the node, so the last spans go out
                .build()
                .getOpenTelemetrySdk();
    }

    private static boolean asked(Map<String, String> env) {
        String exporter = setting(env, "OTEL_TRACES_EXPORTER");
        if (exporter != null) {
            return !exporter.isBlank() && !exporter.equals("none");
        }
        return setting(env, "OTEL_EXPORTER_OTLP_ENDPOINT") != null
                || setting(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null;
    }

    /** The environment variable, or its system property form ({@code OTEL_A_B} → {@code otel.a.b}). */
    private static String setting(Map<String, String> env, String variable) {
        String property = System.getProperty(variable.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        return property != null ? property : env.get(variable);
    }
}
