package dev.bulkhead.testsupport.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for the OpenTelemetry Collector's OTLP/HTTP receiver, on a free port of 127.0.0.1. It
 * records every export request, decodes trace exports ({@code ExportTraceServiceRequest}, protobuf —
 * the exporters' default encoding — with the classes of {@code opentelemetry-proto}) into
 * {@link Span}s, and answers every OTLP path with 200 and an empty response.
 *
 * <pre>{@code
 * try (var otlp = new OtlpReceiver()) {
 *     environment.put("BULKHEAD_OTLP_ENDPOINT", otlp.endpoint());   // exporters append /v1/traces
 *     ...
 *     var trace = otlp.trace(root.traceId());
 *     assertThat(otlp.parentOf(serverSpan)).map(Span::service).contains("gateway");
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {

    /** OTLP's {@code Span.SpanKind}, in its numbering. */
    public enum Kind {
        UNSPECIFIED,
        INTERNAL,
        SERVER,
        CLIENT,
        PRODUCER,
        CONSUMER
    }

    /**
     * One received span.
     *
     * @param service the {@code service.name} of the resource that exported it
     * @param traceId the trace id, 32 lower-case hex digits
     * @param spanId the span id, 16 lower-case hex digits
     * @param parentSpanId the parent's span id, empty for a root
     * @param name the span's name
     * @param kind the span's kind
     * @param startNanos when it started, nanoseconds since the epoch
     * @param attributes its attributes, each value as text (strings, integers, doubles and booleans)
     */
    public record Span(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            Kind kind,
            long startNanos,
            Map<String, String> attributes) {

        /** @return whether it has no parent */
        public boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        /**
         * @param text what to look for
         * @return whether any attribute value contains {@code text}, ignoring case
         */
        public boolean mentions(String text) {
            return attributes.values().stream()
                    .anyMatch(value -> value.toLowerCase().contains(text.toLowerCase()));
        }

        @Override
        public String toString() {
            return service + ": " + name + " [" + kind + "]";
        }
    }

    /**
     * One export request, whatever its signal.
     *
     * @param path the request path ({@code /v1/traces}, {@code /v1/metrics}, {@code /v1/logs})
     * @param contentType its {@code Content-Type}
     * @param bytes the size of its body as sent
     */
    public record Export(String path, String contentType, int bytes) {}

    private final HttpServer server;
    private final List<Export> exports = new CopyOnWriteArrayList<>();
    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    /** Starts listening on a free port of 127.0.0.1. */
    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::receive);
        server.start();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            exports.add(new Export(
                    path, String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")), body.length));
            if (path.endsWith("/v1/traces")) {
                try {
                    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                        body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
                    }
                    spans.addAll(decode(ExportTraceServiceRequest.parseFrom(body)));
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    failures.add(e.toString());
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty Export*ServiceResponse: everything accepted
        }
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the base URL to give the exporters, which append {@code /v1/traces} */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** @return every export request received so far, in arrival order */
    public List<Export> exports() {
        return List.copyOf(exports);
    }

    /**
     * @return every span received so far, in arrival order
     * @throws IllegalStateException if a trace export could not be decoded
     */
    public List<Span> spans() {
        if (!failures.isEmpty()) {
            throw new IllegalStateException("undecodable OTLP trace exports: " + failures);
        }
        return List.copyOf(spans);
    }

    /**
     * @param traceId 32 hex digits
     * @return the spans of that trace received so far
     */
    public List<Span> trace(String traceId) {
        return spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** @return the service names of every span received so far, in order of first appearance */
    public Set<String> services() {
        Set<String> services = new LinkedHashSet<>();
        spans().forEach(span -> services.add(span.service()));
        return services;
    }

    /**
     * @param span a received span
     * @return its parent, if that was received too
     */
    public Optional<Span> parentOf(Span span) {
        if (span.isRoot()) {
            return Optional.empty();
        }
        return trace(span.traceId()).stream()
                .filter(candidate -> candidate.spanId().equals(span.parentSpanId()))
                .findFirst();
    }

    /**
     * @param span a received span
     * @return the received spans whose parent it is
     */
    public List<Span> childrenOf(Span span) {
        return trace(span.traceId()).stream()
                .filter(candidate -> candidate.parentSpanId().equals(span.spanId()))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<Span> decode(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        List<Span> decoded = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = serviceName(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span span : scopeSpans.getSpansList()) {
                    decoded.add(new Span(
                            service,
                            hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()),
                            span.getName(),
                            kind(span.getKindValue()),
                            span.getStartTimeUnixNano(),
                            attributes(span.getAttributesList())));
                }
            }
        }
        return decoded;
    }

    private static String serviceName(Resource resource) {
        return attributes(resource.getAttributesList()).getOrDefault("service.name", "?");
    }

    private static Kind kind(int value) {
        return value >= 0 && value < Kind.values().length ? Kind.values()[value] : Kind.UNSPECIFIED;
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue keyValue : keyValues) {
            AnyValue value = keyValue.getValue();
            String text = switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> Long.toString(value.getIntValue());
                case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                default -> value.getValueCase().name(); // arrays, maps, bytes: their kind only
            };
            attributes.put(keyValue.getKey(), text);
        }
        return attributes;
    }
}
