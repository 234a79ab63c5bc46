package dev.bulkhead.systemtests;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * The OTLP/HTTP receiver the system test starts before the stack: every service exports its spans
 * here ({@code BULKHEAD_OTLP_ENABLED}, {@code BULKHEAD_OTLP_ENDPOINT}). It decodes
 * {@code ExportTraceServiceRequest} (protobuf, the exporters' default encoding) by hand — the few
 * fields a test asserts on — and answers every other OTLP path (metrics) with 200 and nothing else.
 *
 * <p>Field numbers from opentelemetry-proto: {@code trace/v1/trace.proto},
 * {@code resource/v1/resource.proto}, {@code common/v1/common.proto}.
 */
final class TraceReceiver implements AutoCloseable {

    /** OTLP's {@code Span.SpanKind}. */
    enum Kind {
        UNSPECIFIED,
        INTERNAL,
        SERVER,
        CLIENT,
        PRODUCER,
        CONSUMER
    }

    /** One received span; ids in lower-case hex, {@code parentSpanId} empty for a root. */
    record Span(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            Kind kind,
            long startNanos,
            Map<String, String> attributes) {

        boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        /** Any attribute value containing {@code text}, ignoring case. */
        boolean mentions(String text) {
            return attributes.values().stream()
                    .anyMatch(value -> value.toLowerCase().contains(text.toLowerCase()));
        }

        @Override
        public String toString() {
            return service + ": " + name + " [" + kind + "]";
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    TraceReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
                }
                if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                    try {
                        spans.addAll(decodeTraces(body));
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty Export*ServiceResponse
            }
        });
        server.start();
    }

    /** The base URL the exporters are given (they append {@code /v1/traces}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Span> spans() {
        if (!failures.isEmpty()) {
            throw new IllegalStateException("undecodable OTLP exports: " + failures);
        }
        return List.copyOf(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- protobuf, by hand: varints and length-delimited fields are all OTLP traces need here

    static List<Span> decodeTraces(byte[] request) {
        var decoded = new java.util.ArrayList<Span>();
        var message = new Reader(request);
        while (message.more()) {
            int tag = message.tag();
            if (tag >>> 3 == 1 && (tag & 7) == 2) { // ExportTraceServiceRequest.resource_spans
                resourceSpans(message.bytes(), decoded);
            } else {
                message.skip(tag);
            }
        }
        return decoded;
    }

    private static void resourceSpans(byte[] bytes, List<Span> into) {
        String service = "?";
        var scopes = new java.util.ArrayList<byte[]>();
        var message = new Reader(bytes);
        while (message.more()) {
            int tag = message.tag();
            switch (tag >>> 3) {
                case 1 -> service = attributes(message.bytes(), 1).getOrDefault("service.name", "?"); // resource
                case 2 -> scopes.add(message.bytes()); // scope_spans
                default -> message.skip(tag);
            }
        }
        for (byte[] scope : scopes) {
            var scopeSpans = new Reader(scope);
            while (scopeSpans.more()) {
                int tag = scopeSpans.tag();
                if (tag >>> 3 == 2) {
                    into.add(span(service, scopeSpans.bytes()));
                } else {
                    scopeSpans.skip(tag);
                }
            }
        }
    }

    private static Span span(String service, byte[] bytes) {
        var hex = HexFormat.of();
        String traceId = "", spanId = "", parent = "", name = "";
        Kind kind = Kind.UNSPECIFIED;
        long start = 0;
        Map<String, String> attributes = new HashMap<>();
        var message = new Reader(bytes);
        while (message.more()) {
            int tag = message.tag();
            switch (tag >>> 3) {
                case 1 -> traceId = hex.formatHex(message.bytes());
                case 2 -> spanId = hex.formatHex(message.bytes());
                case 4 -> parent = hex.formatHex(message.bytes());
                case 5 -> name = message.string();
                case 6 -> kind = Kind.values()[(int) message.varint()];
                case 7 -> start = message.fixed64();
                case 9 -> attributes.putAll(keyValue(message.bytes()));
                default -> message.skip(tag);
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind, start, attributes);
    }

    /** The repeated KeyValue field {@code field} of a message (Resource.attributes is 1). */
    private static Map<String, String> attributes(byte[] bytes, int field) {
        Map<String, String> attributes = new HashMap<>();
        var message = new Reader(bytes);
        while (message.more()) {
            int tag = message.tag();
            if (tag >>> 3 == field && (tag & 7) == 2) {
                attributes.putAll(keyValue(message.bytes()));
            } else {
                message.skip(tag);
            }
        }
        return attributes;
    }

    /** A KeyValue whose AnyValue is a string (others are kept as their kind only). */
    private static Map<String, String> keyValue(byte[] bytes) {
        String key = null, value = "";
        var message = new Reader(bytes);
        while (message.more()) {
            int tag = message.tag();
            switch (tag >>> 3) {
                case 1 -> key = message.string();
                case 2 -> {
                    var any = new Reader(message.bytes());
                    while (any.more()) {
                        int anyTag = any.tag();
                        switch (anyTag >>> 3) {
                            case 1 -> value = any.string(); // string_value
                            case 3 -> value = Long.toString(any.varint()); // int_value
                            default -> any.skip(anyTag);
                        }
                    }
                }
                default -> message.skip(tag);
            }
        }
        return key == null ? Map.of() : Map.of(key, value);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return at < bytes.length;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new IllegalArgumentException("malformed varint");
        }

        long fixed64() {
            long value = 0;
            for (int i = 0; i < 8; i++) value |= (bytes[at++] & 0xffL) << (8 * i);
            return value;
        }

        byte[] bytes() {
            int length = (int) varint();
            byte[] field = java.util.Arrays.copyOfRange(bytes, at, at + length);
            at += length;
            return field;
        }

        String string() {
            return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> {
                    int length = (int) varint(); // not `at += varint()`: that adds to the old `at`
                    at += length;
                }
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("wire type " + (tag & 7));
            }
        }
    }
}
