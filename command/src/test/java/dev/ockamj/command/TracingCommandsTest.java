package dev.ockamj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces from the command line (issue 16): nodes created with the standard OTEL_* environment export their spans
 * by OTLP/HTTP to a collector (here one in the test that decodes the protobuf), and a message sent from one node
 * to another is one trace across both node processes, rooted in the command's own span. Real {@code ./ockam} processes and background nodes.
 */
class TracingCommandsTest {
    @TempDir
    Path home;

    private OckamCli ockam;
    private OtlpCollector collector;

    @BeforeEach
    void setUp() throws Exception {
        ockam = new OckamCli(home);
        collector = new OtlpCollector();
    }

    @AfterEach
    void tearDown() throws Exception {
        ockam.env.clear();
        ockam.deleteAllNodes();
        collector.close();
    }

    private Optional<OtlpCollector.ExportedSpan> echoSpanOf(String service) {
        return collector.spans().stream()
                .filter(s -> service.equals(s.service()) && "0#echo".equals(s.attributes().get("ockam.address")))
                .findFirst();
    }

    @Test
    void aMessageFromOneNodeToAnotherIsOneTraceAcrossBothProcesses() throws Exception {
        ockam.env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint());
        ockam.env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
        ockam.ok("node", "create", "t1");
        ockam.ok("node", "create", "t2");
        assertEquals("traced\n", ockam.ok("message", "send", "traced", "--from", "/node/t1",
                "--to", "/node/t2/service/echo").out());

        // t2's echo handled the message in the trace of t1's manager, which sent it
        long deadline = System.nanoTime() + 20_000_000_000L;
        Optional<OtlpCollector.ExportedSpan> echo = echoSpanOf("ockamj-node-t2");
        while (echo.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            echo = echoSpanOf("ockamj-node-t2");
        }
        List<OtlpCollector.ExportedSpan> all = collector.spans();
        assertTrue(echo.isPresent(), "no span of t2's echo among " + all);
        OtlpCollector.ExportedSpan child = echo.get();
        OtlpCollector.ExportedSpan parent = all.stream().filter(s -> s.spanId().equals(child.parentSpanId()))
                .findFirst().orElseThrow(() -> new AssertionError("no parent of " + child + " among " + all));
        assertEquals("ockamj-node-t1", parent.service());
        assertEquals("NodeManager::handle_message", parent.name());
        assertEquals(parent.traceId(), child.traceId());
        assertEquals("t2", child.attributes().get("ockam.node"));
        // and t1's manager handled the command's request in the command's own span: the root of the trace
        OtlpCollector.ExportedSpan root = all.stream().filter(s -> s.spanId().equals(parent.parentSpanId()))
                .findFirst().orElseThrow(() -> new AssertionError("no parent of " + parent + " among " + all));
        assertEquals("ockamj-command", root.service());
        assertEquals("ockam message send", root.name());
        assertEquals("", root.parentSpanId());
        assertEquals(parent.traceId(), root.traceId());

        // a node created without the variables traces nothing
        ockam.env.clear();
        ockam.ok("node", "create", "t3");
        assertEquals("quiet\n", ockam.ok("message", "send", "quiet", "--to", "/node/t3/service/echo").out());
        ockam.ok("node", "stop", "t3"); // would flush what it had batched
        Thread.sleep(500);
        assertTrue(collector.spans().stream().noneMatch(s -> "ockamj-node-t3".equals(s.service())),
                collector.spans().toString());
    }
}
