package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.systemtests.TraceReceiver.Kind;
import dev.bulkhead.systemtests.TraceReceiver.Span;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceReceiverTest {

    /**
     * An ExportTraceServiceRequest as the OpenTelemetry SDK's exporter writes it
     * (opentelemetry-exporter-otlp-common 1.62.0, TraceRequestMarshaler): resource service.name=svc
     * (plus long, double and boolean attributes), a SERVER span "root" with string and long attributes
     * and an event, and its PRODUCER child "child".
     */
    private static final String EXPORT =
            "0aa1020a390a070a0162120210010a0e0a0164120921000000000000f83f0a070a016e120218030a150a0c7365727669"
                    + "63652e6e616d6512050a0373766312e3010a030a017812490a101ae577d2861309067137b921c3e9e36e1208d81fddff"
                    + "9ee547132208012f50c93d9f90662a056368696c64300439bc517952e3c6ea184154617952e3c6ea187a008501030100"
                    + "001290010a101ae577d2861309067137b921c3e9e36e1208012f50c93d9f90662a04726f6f74300239de094b52e3c6ea"
                    + "18418d1cb452e3c6ea184a240a08687474702e75726c12180a16687474703a2f2f782f6170692f76312f6f7264657273"
                    + "4a090a036e756d120218074a100a066d6574686f6412060a04504f53545a0d097a4c5552e3c6ea18120265767a008501"
                    + "03010000";

    @Test
    void decodesTheSpansTheirIdsParentsKindsAndService() {
        List<Span> spans = TraceReceiver.decodeTraces(HexFormat.of().parseHex(EXPORT));

        assertThat(spans).extracting(Span::service).containsOnly("svc");
        Span root =
                spans.stream().filter(s -> s.name().equals("root")).findFirst().orElseThrow();
        Span child =
                spans.stream().filter(s -> s.name().equals("child")).findFirst().orElseThrow();
        assertThat(root.kind()).isEqualTo(Kind.SERVER);
        assertThat(root.isRoot()).isTrue();
        assertThat(root.mentions("/api/v1/orders")).isTrue();
        assertThat(root.attributes()).containsEntry("method", "POST").containsEntry("num", "7");
        assertThat(child.kind()).isEqualTo(Kind.PRODUCER);
        assertThat(child.traceId()).hasSize(32).isEqualTo(root.traceId());
        assertThat(child.parentSpanId()).hasSize(16).isEqualTo(root.spanId());
    }
}
