package dev.ockamj.command.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ockamj.command.multiaddr.MultiAddrException;
import dev.ockamj.node.internal.Printable;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code node.json} ↔ {@link NodeRecord}, through Jackson's tree model so each field is checked by hand and
 * a bad file gives a precise reason. Format 1:
 * <pre>{@code
 * {
 *   "format" : 1,
 *   "name" : "n1",
 *   "pid" : 12345,                          // -1: no process should be running
 *   "tcpListenerAddress" : "127.0.0.1:4000", // or null
 *   "createdAt" : "2025-01-31T10:15:30.123456Z",
 *   "startedAt" : "2025-01-31T10:15:31Z",    // or null
 *   "verbose" : false,
 *   "properties" : { }
 * }
 * }</pre>
 * Instants are ISO-8601 text (JavaTimeModule is not on the class path and is not needed); an integer is
 * read as epoch milliseconds. Unknown fields are ignored so an older ockamj can read a newer file.
 */
final class NodeJson {
    static final int FORMAT = 1;
    static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private NodeJson() {
    }

    static byte[] write(NodeRecord r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("name", r.name());
        o.put("pid", r.pid());
        o.put("tcpListenerAddress", r.tcpListenerAddress());
        o.put("createdAt", r.createdAt().toString());
        o.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        o.put("verbose", r.verbose());
        ObjectNode props = o.putObject("properties");
        r.properties().forEach(props::put);
        try {
            byte[] json = MAPPER.writeValueAsBytes(o);
            byte[] out = new byte[json.length + 1];
            System.arraycopy(json, 0, out, 0, json.length);
            out[json.length] = '\n';
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /** Thrown by {@link #read} with a reason fit for a user. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** Parses {@code json} for the node in directory {@code dirName}. */
    static NodeRecord read(byte[] json, String dirName) throws Malformed {
        if (json.length == 0) {
            throw new Malformed("it is empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new Malformed("it is not valid JSON (" + Printable.escape(String.valueOf(e.getOriginalMessage()), 200) + ")");
        } catch (IOException e) {
            throw new Malformed("it could not be parsed (" + Printable.escape(String.valueOf(e.getMessage()), 200)
                    + ")");
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("it is not a JSON object");
        }
        JsonNode format = root.get("format");
        if (format != null && !(format.isIntegralNumber() && format.asLong() == FORMAT)) {
            throw new Malformed("its format " + Printable.escape(format.toString(), 50)
                    + " is not " + FORMAT + " (written by another version of ockamj?)");
        }
        String name = text(root, "name", true);
        if (!name.equals(dirName)) {
            throw new Malformed("it names node '" + Printable.escape(name, 100) + "', not '" + dirName + "'");
        }
        long pid = -1;
        JsonNode pidNode = root.get("pid");
        if (pidNode != null && !pidNode.isNull()) {
            if (!pidNode.isIntegralNumber() || !pidNode.canConvertToLong() || pidNode.asLong() < -1) {
                throw new Malformed("\"pid\" is not -1 or a process id");
            }
            pid = pidNode.asLong();
        }
        String listener = text(root, "tcpListenerAddress", false);
        Instant createdAt = instant(root, "createdAt", true);
        Instant startedAt = instant(root, "startedAt", false);
        boolean verbose = false;
        JsonNode v = root.get("verbose");
        if (v != null && !v.isNull()) {
            if (!v.isBoolean()) {
                throw new Malformed("\"verbose\" is not true or false");
            }
            verbose = v.booleanValue();
        }
        Map<String, String> properties = new TreeMap<>();
        JsonNode p = root.get("properties");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new Malformed("\"properties\" is not an object");
            }
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                if (!e.getValue().isTextual()) {
                    throw new Malformed("property '" + Printable.escape(e.getKey(), 100) + "' is not a string");
                }
                properties.put(e.getKey(), e.getValue().textValue());
            }
        }
        try {
            return new NodeRecord(name, pid, listener, createdAt, verbose, startedAt, properties, null);
        } catch (MultiAddrException e) {
            throw new Malformed("\"tcpListenerAddress\" is not host:port (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode root, String field, boolean required) throws Malformed {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new Malformed("\"" + field + "\" is missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new Malformed("\"" + field + "\" is not a string");
        }
        return n.textValue();
    }

    private static Instant instant(JsonNode root, String field, boolean required) throws Malformed {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new Malformed("\"" + field + "\" is missing");
            }
            return null;
        }
        try {
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return Instant.ofEpochMilli(n.asLong());
            }
            if (n.isTextual()) {
                return Instant.parse(n.textValue());
            }
        } catch (DateTimeException e) {
            // reported below, like any other bad value
        }
        throw new Malformed("\"" + field + "\" is not an ISO-8601 instant such as 2025-01-31T10:15:30Z");
    }
}
