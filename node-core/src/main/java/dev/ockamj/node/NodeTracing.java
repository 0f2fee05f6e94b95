package dev.ockamj.node;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node's traces in the user's OpenTelemetry ({@link Node.Builder#openTelemetry}), or none: a node without
 * one has no NodeTracing, so messages carry no context and handling starts no span.
 *
 * <p>Messages carry the context in Ockam's form ({@link TracingContextForm}), always as W3C trace context,
 * whatever propagators the user configured: that is what Ockam's nodes read and write. Thread-safe.
 */
final class NodeTracing {
    private static final String INSTRUMENTATION = "dev.ockamj.node";
    private static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("ockam.address");
    private static final AttributeKey<String> NODE = AttributeKey.stringKey("ockam.node");
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final String node;

    NodeTracing(OpenTelemetry openTelemetry, String node) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
        this.node = node;
    }

    /**
     * {@code msg} in the trace of the span current on this thread (a worker's handling, or the user's own span
     * around a send); unchanged if none is.
     */
    <M> Routed<M> stamp(Routed<M> msg) {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return msg;
        }
        Map<String, String> fields = new LinkedHashMap<>(4);
        // written as Ockam's Rust nodes write it: only the sampled flag, because their W3C reader (opentelemetry
        // 0.26, trace_context.rs) refuses a version-00 traceparent with flags above 2, and today's Java SDK also
        // sets the random-trace-id flag (0x02); and tracestate always, empty when there is none
        fields.put("traceparent", "00-" + span.getTraceId() + "-" + span.getSpanId()
                + (span.isSampled() ? "-01" : "-00"));
        fields.put("tracestate", traceState(span.getTraceState()));
        return msg.withTracingContext(TracingContextForm.format(fields));
    }

    /** {@code action}, to run later on another thread in the context current now. */
    Runnable wrap(Runnable action) {
        return Context.current().wrap(action);
    }

    /** The W3C {@code tracestate} header of {@code state}: {@code key=value} pairs joined by commas. */
    private static String traceState(TraceState state) {
        if (state.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        state.forEach((k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return out.toString();
    }

    /**
     * Starts the span of {@code worker} handling {@code msg} at {@code address}: a child of the message's context,
     * or a root span if it has none (or one that does not parse, which Ockam also ignores).
     */
    Span startHandling(Object worker, Address address, Routed<?> msg) {
        Context parent = Context.root();
        String carried = msg.tracingContext();
        if (carried != null) {
            Map<String, String> fields = TracingContextForm.parse(carried);
            if (fields != null) {
                parent = W3C.extract(parent, fields, GETTER);
            }
        }
        return tracer.spanBuilder(kind(worker.getClass()) + "::handle_message")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(NODE, node)
                .setAttribute(ADDRESS, address == null ? "" : address.toString())
                .startSpan();
    }

    /** The span's name names the kind of worker, as Ockam's do: its class, or "Worker" for a lambda's. */
    private static String kind(Class<?> type) {
        String name = type.getSimpleName();
        return type.isHidden() || type.isSynthetic() || name.isEmpty() ? "Worker" : name;
    }

    /** Ends a handling span that threw. */
    static void failed(Span span, Throwable e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR);
    }
}
