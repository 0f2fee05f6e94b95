package dev.ockamj.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ockam's text form of a tracing context. The literals are Ockam's: ockam_api/src/cli_state/storage/
 * journeys_repository_sql.rs (fb8fb64) and Elixir's versions_test.exs (see docs/research/ockam-tracing-context.md).
 */
class TracingContextFormTest {
    private static final String TRACEPARENT = "00-b9ce70eaad5a86ef6b9fa4db00589e86-8e2d99c5e5ed66e4-01";

    @Test
    void readsRustsFormInEitherKeyOrder() {
        Map<String, String> expected = Map.of("traceparent", TRACEPARENT, "tracestate", "");
        assertEquals(expected, TracingContextForm.parse("{\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"\"}"));
        assertEquals(expected, TracingContextForm.parse("{\"tracestate\":\"\",\"traceparent\":\"" + TRACEPARENT + "\"}"));
        assertEquals(Map.of(), TracingContextForm.parse("{}")); // what a Rust node sends with export off
        assertEquals(Map.of("a", "b"), TracingContextForm.parse(" { \"a\" : \"b\" } "));
    }

    @Test
    void writesRustsCompactForm() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("traceparent", TRACEPARENT);
        fields.put("tracestate", "");
        String text = TracingContextForm.format(fields);
        assertEquals("{\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"\"}", text);
        assertEquals(89, text.length()); // every export-enabled Rust frame's context has this length
    }

    @Test
    void escapesAndReadsBackWhatATraceStateMayHold() {
        Map<String, String> fields = Map.of("tracestate", "vendor=\"q\\\"\n\u00e9");
        assertEquals(fields, TracingContextForm.parse(TracingContextForm.format(fields)));
        assertEquals(Map.of("k", "\u00e9/"), TracingContextForm.parse("{\"k\":\"\\u00e9\\/\"}"));
    }

    @Test
    void refusesWhatRustsParserRefuses() {
        assertNull(TracingContextForm.parse("{\"traceparent\":\"00-1234-01\",\"tracestate\":{}}")); // Elixir's literal
        assertNull(TracingContextForm.parse(""));
        assertNull(TracingContextForm.parse("not json"));
        assertNull(TracingContextForm.parse("{\"a\":1}"));
        assertNull(TracingContextForm.parse("{\"a\":\"b\"} trailing"));
        assertNull(TracingContextForm.parse("{\"a\":\"b\""));
        assertNull(TracingContextForm.parse("{\"a\":\"\\u12\"}"));
        assertNull(TracingContextForm.parse("{\"a\":\"\\u+123\"}"));
        assertNull(TracingContextForm.parse("[\"a\"]"));
    }
}
