package dev.bulkhead.testsupport.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.google.protobuf.ByteString;
import dev.bulkhead.testsupport.otlp.OtlpReceiver.Kind;
import dev.bulkhead.testsupport.otlp.OtlpReceiver.Span;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

    private static final String TRACE = "1ae577d2861309067137b921c3e9e36e";
    private static final String ROOT = "012f50c93d9f9066";
    private static final String CHILD = "d81fddff9ee54713";

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final OtlpReceiver receiver = new OtlpReceiver();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void decodesSpansWithTheirServiceIdsParentsKindsAndAttributes() throws Exception {
        assertThat(post("/v1/traces", anExport().toByteArray(), false)).isEqualTo(200);

        assertThat(receiver.services()).containsExactly("svc");
        Span root = only("root");
        Span child = only("child");
        assertThat(root.kind()).isEqualTo(Kind.SERVER);
        assertThat(root.isRoot()).isTrue();
        assertThat(root.startNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(root.mentions("/API/v1/orders")).isTrue();
        assertThat(root.attributes())
                .containsEntry("http.request.method", "POST")
                .containsEntry("num", "7");
        assertThat(child.kind()).isEqualTo(Kind.PRODUCER);
        assertThat(child.traceId()).isEqualTo(TRACE).isEqualTo(root.traceId());
        assertThat(child.parentSpanId()).isEqualTo(ROOT);
        assertThat(receiver.parentOf(child)).contains(root);
        assertThat(receiver.parentOf(root)).isEmpty();
        assertThat(receiver.childrenOf(root)).containsExactly(child);
        assertThat(receiver.trace(TRACE)).containsExactlyInAnyOrder(root, child);
        assertThat(receiver.trace("0".repeat(32))).isEmpty();
    }

    @Test
    void readsGzippedExportsAndRecordsEveryRequestItReceives() throws Exception {
        var gzipped = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(anExport().toByteArray());
        }

        assertThat(post("/v1/traces", gzipped.toByteArray(), true)).isEqualTo(200);
        assertThat(post("/v1/metrics", new byte[] {1, 2, 3}, false)).isEqualTo(200);

        assertThat(receiver.spans()).extracting(Span::name).containsExactlyInAnyOrder("root", "child");
        assertThat(receiver.exports())
                .extracting(OtlpReceiver.Export::path)
                .containsExactly("/v1/traces", "/v1/metrics");
        assertThat(receiver.exports().getFirst().contentType()).isEqualTo("application/x-protobuf");
        assertThat(receiver.exports().getFirst().bytes()).isEqualTo(gzipped.size());
    }

    @Test
    void saysSoWhenATraceExportCannotBeDecoded() throws Exception {
        assertThat(post("/v1/traces", new byte[] {(byte) 0xff, 0x00, 0x13}, false))
                .isEqualTo(200);

        assertThatIllegalStateException().isThrownBy(receiver::spans).withMessageContaining("undecodable");
    }

    private Span only(String name) {
        return receiver.spans().stream()
                .filter(span -> span.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private int post(String path, byte[] body, boolean gzip) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** What the SDK's exporter sends: one resource (service.name=svc), a SERVER root and its PRODUCER child. */
    private static ExportTraceServiceRequest anExport() {
        var hex = HexFormat.of();
        var root = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(hex.parseHex(TRACE)))
                .setSpanId(ByteString.copyFrom(hex.parseHex(ROOT)))
                .setName("root")
                .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L)
                .addAttributes(text("http.request.method", "POST"))
                .addAttributes(text("url.path", "/api/v1/orders"))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("num")
                        .setValue(AnyValue.newBuilder().setIntValue(7)));
        var child = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(ByteString.copyFrom(hex.parseHex(TRACE)))
                .setSpanId(ByteString.copyFrom(hex.parseHex(CHILD)))
                .setParentSpanId(ByteString.copyFrom(hex.parseHex(ROOT)))
                .setName("child")
                .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER);
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(text("service.name", "svc"))
                                .addAttributes(KeyValue.newBuilder()
                                        .setKey("flag")
                                        .setValue(AnyValue.newBuilder().setBoolValue(true))))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(child).addSpans(root)))
                .build();
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
