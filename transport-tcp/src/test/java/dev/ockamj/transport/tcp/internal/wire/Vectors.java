package dev.ockamj.transport.tcp.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ockamj.node.Address;
import dev.ockamj.node.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The golden vectors of shared/vectors (docs/wire.md §12), read straight from the shared directory. */
public final class Vectors {

    public static final String TCP_V1 = "tcp-v1.json";
    public static final String LEGACY = "legacy-bare.json";

    private static final HexFormat HEX = HexFormat.of();

    private Vectors() {
    }

    /** The top-level object of a vector file. */
    public static JsonNode file(String name) {
        try {
            return new ObjectMapper().readTree(vectorsDir().resolve(name).toFile());
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

    /**
     * {@code -Dockamj.shared.dir} (set by surefire), else the first {@code shared/vectors} found walking up from
     * the working directory.
     */
    static Path vectorsDir() {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty("ockamj.shared.dir");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).resolve("vectors").normalize();
            if (Files.isRegularFile(dir.resolve(TCP_V1))) {
                return dir;
            }
            tried.add(dir);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path dir = p.resolve("shared").resolve("vectors");
            if (Files.isRegularFile(dir.resolve(TCP_V1))) {
                return dir;
            }
            tried.add(dir);
        }
        throw new AssertionError("shared/vectors not found; set -Dockamj.shared.dir=<path to shared>. Tried: " + tried);
    }
}
