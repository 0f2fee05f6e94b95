package dev.ockamj.command.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A corrupt or partial node.json shows as a BROKEN record with a reason; list, get and delete keep working. */
class BrokenRecordTest {

    @TempDir
    Path home;
    NodeStore store;

    @BeforeEach
    void setUp() {
        store = new NodeStore(home);
        store.create("good");
        store.create("n1");
    }

    private Path json() {
        return store.nodeDir("n1").resolve("node.json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "~~| it is empty",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-| it is not valid JSON (Unexpected end-of-input in VALUE_STRING)",
        "[1,2]| it is not a JSON object",
        "{\"name\":\"n1\"}| \"createdAt\" is missing",
        "{\"createdAt\":\"2025-01-31T10:15:30Z\"}| \"name\" is missing",
        "{\"name\":\"n2\",\"createdAt\":\"2025-01-31T10:15:30Z\"}| it names node 'n2', not 'n1'",
        "{\"name\":\"n1\",\"createdAt\":\"yesterday\"}| \"createdAt\" is not an ISO-8601 instant such as"
                + " 2025-01-31T10:15:30Z",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"pid\":\"12\"}| \"pid\" is not -1 or a process id",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"pid\":-5}| \"pid\" is not -1 or a process id",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"pid\":1e99}| \"pid\" is not -1 or a process id",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"verbose\":1}| \"verbose\" is not true or false",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"properties\":[]}| \"properties\" is not an object",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"properties\":{\"a\":1}}| property 'a' is not a"
                + " string",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"format\":2}| its format 2 is not 1 (written by"
                + " another version of ockamj?)",
        "{\"name\":\"n1\",\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\"}| it is not valid JSON (Duplicate"
                + " field 'name')",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\"} {}| it is not valid JSON (Trailing token (of type"
                + " START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed"
                + " as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`)",
        "{\"name\":\"n1\",\"createdAt\":\"2025-01-31T10:15:30Z\",\"tcpListenerAddress\":\"x\"}|"
                + " \"tcpListenerAddress\" is not host:port (invalid TCP address 'x': expected host:port, e.g."
                + " 127.0.0.1:4000 or [::1]:4000)",
    })
    void corruptFilesAreReported(String content, String why) throws IOException {
        Files.writeString(json(), content);
        List<NodeRecord> all = store.list();
        assertEquals(List.of("good", "n1"), all.stream().map(NodeRecord::name).toList());
        NodeRecord broken = all.get(1);
        assertTrue(broken.isBroken());
        assertEquals(NodeStatus.BROKEN, store.status(broken));
        assertEquals(json() + " is corrupt: " + why.strip(), broken.problem());
        assertEquals(Optional.of(broken), store.get("n1"));
        assertFalse(all.get(0).isBroken());
        assertEquals(NodeStatus.DOWN, store.status(all.get(0)));

        NodeStoreException e = assertThrows(NodeStoreException.class, () -> store.update("n1", r -> r));
        assertEquals(NodeStoreException.Reason.CORRUPT, e.reason());
        assertEquals(NodeStoreException.Reason.CORRUPT,
                assertThrows(NodeStoreException.class, () -> store.update(broken)).reason());

        store.delete("n1");
        assertEquals(List.of("good"), store.list().stream().map(NodeRecord::name).toList());
        assertEquals(Optional.of("good"), store.getDefault());
    }

    @Test
    void missingNodeJson() throws IOException {
        Files.delete(json());
        NodeRecord broken = store.get("n1").orElseThrow();
        assertEquals(json() + " is missing", broken.problem());
        store.delete("n1");
        assertEquals(Optional.empty(), store.get("n1"));
    }

    @Test
    void hugeNodeJson() throws IOException {
        Files.write(json(), new byte[NodeJson.MAX_BYTES + 1]);
        assertEquals(json() + " is larger than 1048576 bytes", store.get("n1").orElseThrow().problem());
    }

    @Test
    void aBrokenRecordCanBeRepairedByUpdate() throws IOException {
        Files.writeString(json(), "garbage");
        NodeRecord fresh = NodeRecord.created("n1", Instant.parse("2025-01-31T10:15:30Z"));
        store.update(fresh);
        assertEquals(Optional.of(fresh), store.get("n1"));
    }

    @Test
    void controlCharactersInProblemsAreEscaped() throws IOException {
        Files.writeString(json(), "{\"name\":\"n1\\u001b[2J\",\"createdAt\":\"2025-01-31T10:15:30Z\"}");
        String problem = store.get("n1").orElseThrow().problem();
        assertFalse(problem.chars().anyMatch(c -> c < 0x20), problem);
        assertTrue(problem.endsWith("it names node 'n1\\u001b[2J', not 'n1'"), problem);
    }

    @Test
    void aBrokenDefaultIsNotChosenOnDelete() throws IOException {
        store.setDefault("good");
        Files.writeString(json(), "garbage");
        store.delete("good");
        assertEquals(Optional.empty(), store.getDefault());
    }
}
