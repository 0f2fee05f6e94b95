package dev.ockamj.transport.tcp.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/** Reads an invalid case's prose {@code expected} as "close the connection" or "drop the message, keep it". */
enum Expected {
    CLOSE, DROP;

    static Expected of(JsonNode testCase) {
        String text = testCase.get("expected").asText().toLowerCase(Locale.ROOT);
        if (text.contains("stays open") || text.contains("keeps reading")) {
            return DROP;
        }
        if (text.contains("close")) {
            return CLOSE;
        }
        throw new AssertionError(testCase.get("name").asText() + ": cannot tell close from drop in: " + text);
    }

    /**
     * Outcome texts are logged: no control characters, no code point outside ASCII but letters, digits and '…'
     * (judged per code point: a letter beyond the Basic Multilingual Plane is one letter, a lone surrogate none).
     */
    static void assertLoggable(String text) {
        text.codePoints().forEach(c -> assertTrue(!Character.isISOControl(c)
                && (c < 0x7f || Character.isLetterOrDigit(c) || c == '…'), () -> "unsafe character in: " + text));
    }

    static void assertLoggable(Outcome outcome) {
        if (outcome instanceof Outcome.Close close) {
            assertLoggable(close.detail());
        } else if (outcome instanceof Outcome.Drop drop) {
            assertLoggable(drop.reason());
        } else if (outcome instanceof Outcome.Deliver deliver) {
            assertLoggable(deliver.message().toString());
        }
    }

    static Outcome.Close assertSingleClose(List<Outcome> outcomes, Outcome.CloseReason reason) {
        assertEquals(1, outcomes.size(), () -> "expected exactly one Close, got " + outcomes);
        Outcome.Close close = assertInstanceOf(Outcome.Close.class, outcomes.get(0));
        assertEquals(reason, close.reason(), close::detail);
        assertLoggable(close.detail());
        return close;
    }
}
