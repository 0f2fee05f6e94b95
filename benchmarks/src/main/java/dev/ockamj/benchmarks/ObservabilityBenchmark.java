package dev.ockamj.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ockamj.node.Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * The cost of observability (issue 16) on request/reply, locally and over loopback TCP: each figure is ockamj with
 * metrics (a Micrometer SimpleMeterRegistry) or traces (the OpenTelemetry SDK, every span sampled, a batch processor
 * and an exporter that counts and drops) beside ockamj without them in the same run, alternating. "raw" in these
 * lines is ockamj with nothing configured; the target for metrics is a ratio of at least 0.95.
 *
 * <p>Run: {@code benchmarks/run observability}. Not a test: nothing here asserts a time.
 */
public final class ObservabilityBenchmark {
    private static final java.util.logging.Logger QUIET =
            java.util.logging.Logger.getLogger(BatchSpanProcessor.class.getName());
    /** -Dsections=local,tcp: which sections to run (default both). */
    private static final String SECTIONS = System.getProperty("sections", "local,tcp");
    private static final int PAIRS = Integer.getInteger("pairs", 5);
    private static final int WARMUPS = Integer.getInteger("warmups", 2);
    private static final Config SIZED = ConfigFactory.parseString(
            "akka.actor.default-dispatcher.fork-join-executor { parallelism-min = 2, parallelism-factor = 1.0 }");

    /** Counts what it is given and drops it: the SDK's whole cost, none of a collector's. */
    static final class DroppingExporter implements SpanExporter {
        final LongAdder spans = new LongAdder();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.add(batch.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    interface Harness {
        double run(int inFlight, int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int local = Integer.getInteger("localRoundTrips", 400_000);
        int tcp = Integer.getInteger("tcpRoundTrips", 400_000);
        System.out.printf("cores: %d; medians of %d alternating runs after %d warm-ups; raw = ockamj with neither%n",
                Runtime.getRuntime().availableProcessors(), PAIRS, WARMUPS);
        DroppingExporter exporter = new DroppingExporter();
        LongAdder ended = new LongAdder();
        // the batch processor warns each time its queue is full: counted below instead
        QUIET.setLevel(java.util.logging.Level.OFF);
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(new SpanProcessor() {
                    @Override
                    public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {
                    }

                    @Override
                    public boolean isStartRequired() {
                        return false;
                    }

                    @Override
                    public void onEnd(ReadableSpan span) {
                        ended.increment();
                    }

                    @Override
                    public boolean isEndRequired() {
                        return true;
                    }
                })
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build()).build()) {
            if (SECTIONS.contains("local")) {
                section("request/reply between two workers of one node", local,
                    (inFlight, n) -> NodeBenchmark.routedPingPong(SIZED, inFlight, n),
                        o -> NodeBenchmark.observe = o, otel);
            }
            if (SECTIONS.contains("tcp")) {
                section("request/reply between two nodes over loopback TCP (100-byte payload)", tcp,
                    (inFlight, n) -> TcpBenchmark.routedPingPong(inFlight, n, 100),
                        o -> TcpNodes.observe = o, otel);
            }
        }
        System.out.printf("spans ended: %,d; exported (to an exporter that drops them): %,d; the rest the batch"
                + " processor dropped, its queue full (the SDK's default 2048)%n", ended.sum(), exporter.spans.sum());
    }

    interface Setter {
        void set(UnaryOperator<Node.Builder> observe);
    }

    private static void section(String title, int roundTrips, Harness harness, Setter setter, OpenTelemetrySdk otel)
            throws Exception {
        System.out.println();
        System.out.println("== " + title);
        for (int inFlight : new int[] {1, 100}) {
            int n = inFlight == 1 ? roundTrips / 4 : roundTrips;
            Figures.Run without = k -> harness.run(inFlight, k);
            Figures.Run metrics = k -> with(setter, b -> b.meterRegistry(new SimpleMeterRegistry()), () -> harness.run(inFlight, k));
            Figures.Run traces = k -> with(setter, b -> b.openTelemetry(otel), () -> harness.run(inFlight, k));
            for (int i = 0; i < WARMUPS; i++) {
                without.run(n);
                metrics.run(n);
                traces.run(n);
            }
            Figures.alternating("metrics on, " + inFlight + " in flight", "round trips/s", PAIRS, n, metrics, without);
            Figures.alternating("traces on, " + inFlight + " in flight", "round trips/s", PAIRS, n, traces, without);
        }
    }

    interface Body {
        double run() throws Exception;
    }

    private static double with(Setter setter, UnaryOperator<Node.Builder> observe, Body body) throws Exception {
        setter.set(observe);
        try {
            return body.run();
        } finally {
            setter.set(UnaryOperator.identity());
        }
    }
}
