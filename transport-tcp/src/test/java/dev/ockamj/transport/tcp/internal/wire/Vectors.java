package dev.ockamj.transport.tcp.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The golden vectors (docs/wire.md §12), read from the test class path: {@code src/test/resources/vectors/}. */
public final class Vectors {

    public static final String TCP_V1 = "tcp-v1.json";
    public static final String LEGACY = "legacy-bare.json";

    private static final HexFormat HEX = HexFormat.of();

    private Vectors() {
    }

    /** The top-level object of a vector file. */
    public static JsonNode file(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new AssertionError("vector file /vectors/" + name + " is not on the test class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonNode> cases(String name) {
        List<JsonNode> cases = new ArrayList<>();
        file(name).get("cases").forEach(cases::add);
        if (cases.isEmpty()) {
            throw new AssertionError(name + " has no cases");
        }
        return cases;
    }

    public static List<JsonNode> cases(String name, String kind) {
        return cases(name).stream().filter(c -> c.get("kind").asText().equals(kind)).toList();
    }

    /** The message a valid case describes. */
    public static TransportMessage message(JsonNode testCase) {
        JsonNode m = testCase.get("message");
        JsonNode tracing = m.get("tracing_context");
        byte[] payload = hex(m.get("payload_hex").asText());
        if (payload.length != m.get("payload_len").asInt()) {
            throw new AssertionError(testCase.get("name").asText() + ": payload_hex does not match payload_len");
        }
        return new TransportMessage(route(m.get("onward_route")), route(m.get("return_route")), payload,
                tracing == null || tracing.isNull() ? null : tracing.asText());
    }

    public static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static String text(JsonNode testCase, String field) {
        JsonNode value = testCase.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Route route(JsonNode hops) {
        List<Address> addresses = new ArrayList<>();
        hops.forEach(hop -> addresses.add(Address.parse(hop.asText())));
        return Route.of(addresses);
    }
}
