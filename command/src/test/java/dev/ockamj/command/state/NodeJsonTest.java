package dev.ockamj.command.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The node.json format: round trip, its exact text, and what older or newer files may hold. */
class NodeJsonTest {

    @Test
    void roundTripsEveryField() throws NodeJson.Malformed {
        NodeRecord r = new NodeRecord("n1", 12345, "[::1]:4000", Instant.parse("2025-01-31T10:15:30.123456789Z"),
                true, Instant.parse("2025-01-31T10:15:31Z"), Map.of("b", "2", "a", "\u00e9\n"), null);
        assertEquals(r, NodeJson.read(NodeJson.write(r), "n1"));
        NodeRecord plain = NodeRecord.created("n1", Instant.EPOCH);
        assertEquals(plain, NodeJson.read(NodeJson.write(plain), "n1"));
    }

    @Test
    void exactText() {
        NodeRecord r = NodeRecord.created("n1", Instant.parse("2025-01-31T10:15:30Z"))
                .withPid(7).withTcpListenerAddress("127.0.0.1:4000").withProperty("k", "v");
        assertEquals("""
                {
                  "format" : 1,
                  "name" : "n1",
                  "pid" : 7,
                  "tcpListenerAddress" : "127.0.0.1:4000",
                  "createdAt" : "2025-01-31T10:15:30Z",
                  "startedAt" : null,
                  "verbose" : false,
                  "properties" : {
                    "k" : "v"
                  }
                }
                """, new String(NodeJson.write(r), StandardCharsets.UTF_8));
    }

    @Test
    void minimalFileAndEpochMillisAndUnknownFields() throws NodeJson.Malformed {
        byte[] json = "{\"name\":\"n1\",\"createdAt\":1738318530000,\"future\":{\"x\":[1]}}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(NodeRecord.created("n1", Instant.parse("2025-01-31T10:15:30Z")), NodeJson.read(json, "n1"));
    }
}
