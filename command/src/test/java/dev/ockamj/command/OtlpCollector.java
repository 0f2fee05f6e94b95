package dev.ockamj.command;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What a trace collector does for the test: takes OTLP/HTTP protobuf exports on {@code POST /v1/traces} (127.0.0.1,
 * port 0) and keeps their spans. It reads only the fields the tests look at, from the OTLP protos
 * (opentelemetry/proto/collector/trace/v1/trace_service.proto and trace/v1/trace.proto): ExportTraceServiceRequest
 * 1 resource_spans; ResourceSpans 1 resource (Resource 1 attributes), 2 scope_spans; ScopeSpans 2 spans; Span 1
 * trace_id, 2 span_id, 4 parent_span_id, 5 name, 9 attributes; KeyValue 1 key, 2 value (AnyValue 1 string_value).
 */
final class OtlpCollector implements AutoCloseable {
    record ExportedSpan(String service, String name, String traceId, String spanId, String parentSpanId,
                        Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ExportedSpan> spans = new ArrayList<>();

    OtlpCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if ("POST".equals(exchange.getRequestMethod())) {
                    List<ExportedSpan> got = request(ByteBuffer.wrap(body));
                    synchronized (spans) {
                        spans.addAll(got);
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The endpoint for OTEL_EXPORTER_OTLP_ENDPOINT. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ExportedSpan> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- the protobuf wire format, as much as the tests need ----

    private static List<ExportedSpan> request(ByteBuffer in) {
        List<ExportedSpan> out = new ArrayList<>();
        while (in.hasRemaining()) {
            long key = varint(in);
            if (key >>> 3 == 1 && (key & 7) == 2) {
                resourceSpans(slice(in), out);
            } else {
                skip(in, (int) (key & 7));
            }
        }
        return out;
    }

    private static void resourceSpans(ByteBuffer in, List<ExportedSpan> out) {
        String service = null;
        List<ByteBuffer> scopes = new ArrayList<>();
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            if (field == 1 && (key & 7) == 2) {
                service = attributesOf(slice(in), 1).get("service.name");
            } else if (field == 2 && (key & 7) == 2) {
                scopes.add(slice(in));
            } else {
                skip(in, (int) (key & 7));
            }
        }
        for (ByteBuffer scope : scopes) {
            while (scope.hasRemaining()) {
                long key = varint(scope);
                if (key >>> 3 == 2 && (key & 7) == 2) {
                    out.add(span(service, slice(scope)));
                } else {
                    skip(scope, (int) (key & 7));
                }
            }
        }
    }

    private static ExportedSpan span(String service, ByteBuffer in) {
        HexFormat hex = HexFormat.of();
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        Map<String, String> attributes = new HashMap<>();
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            if ((key & 7) != 2) {
                skip(in, (int) (key & 7));
                continue;
            }
            ByteBuffer value = slice(in);
            switch (field) {
                case 1 -> traceId = hex.formatHex(bytes(value));
                case 2 -> spanId = hex.formatHex(bytes(value));
                case 4 -> parent = hex.formatHex(bytes(value));
                case 5 -> name = new String(bytes(value), java.nio.charset.StandardCharsets.UTF_8);
                case 9 -> attributes.putAll(keyValue(value));
                default -> { }
            }
        }
        return new ExportedSpan(service, name, traceId, spanId, parent, attributes);
    }

    /** The string attributes among the repeated KeyValue field {@code field} of a message. */
    private static Map<String, String> attributesOf(ByteBuffer in, int field) {
        Map<String, String> out = new HashMap<>();
        while (in.hasRemaining()) {
            long key = varint(in);
            if (key >>> 3 == field && (key & 7) == 2) {
                out.putAll(keyValue(slice(in)));
            } else {
                skip(in, (int) (key & 7));
            }
        }
        return out;
    }

    private static Map<String, String> keyValue(ByteBuffer in) {
        String k = null;
        String v = null;
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            if (field == 1 && (key & 7) == 2) {
                k = new String(bytes(slice(in)), java.nio.charset.StandardCharsets.UTF_8);
            } else if (field == 2 && (key & 7) == 2) {
                ByteBuffer any = slice(in);
                while (any.hasRemaining()) {
                    long ak = varint(any);
                    if (ak >>> 3 == 1 && (ak & 7) == 2) {
                        v = new String(bytes(slice(any)), java.nio.charset.StandardCharsets.UTF_8);
                    } else {
                        skip(any, (int) (ak & 7));
                    }
                }
            } else {
                skip(in, (int) (key & 7));
            }
        }
        return k != null && v != null ? Map.of(k, v) : Map.of();
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    private static ByteBuffer slice(ByteBuffer in) {
        int length = (int) varint(in);
        ByteBuffer s = in.slice(in.position(), length);
        in.position(in.position() + length);
        return s;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] b = new byte[in.remaining()];
        in.get(b);
        return b;
    }

    private static void skip(ByteBuffer in, int wireType) {
        switch (wireType) {
            case 0 -> varint(in);
            case 1 -> in.position(in.position() + 8);
            case 2 -> slice(in);
            case 5 -> in.position(in.position() + 4);
            default -> throw new IllegalArgumentException("wire type " + wireType);
        }
    }
}
