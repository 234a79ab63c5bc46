package dev.bulkhead.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String PAGE = """
            # HELP resilience4j_circuitbreaker_state The states of the circuit breaker
            # TYPE resilience4j_circuitbreaker_state gauge
            resilience4j_circuitbreaker_state{application="gateway",group="none",name="products",state="open"} 1.0
            resilience4j_circuitbreaker_state{application="gateway",group="none",name="products",state="closed"} 0.0
            http_client_requests_seconds_count{clientName="a.b.InventoryClient",http_url="/x?ids={ids}",note="say \\"hi\\", then go"} 7
            http_client_requests_seconds_bucket{clientName="a.b.InventoryClient",le="+Inf"} 7
            process_uptime_seconds 12.5
            """;

    @Test
    void readsTheWantedFamiliesWithTheirLabelsAndValues() {
        var samples = PrometheusText.parse(PAGE, InstanceProbes.WANTED);

        assertThat(samples)
                .extracting(Sample::name, s -> s.label("state"), Sample::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("resilience4j_circuitbreaker_state", "open", 1.0),
                        org.assertj.core.groups.Tuple.tuple("resilience4j_circuitbreaker_state", "closed", 0.0),
                        org.assertj.core.groups.Tuple.tuple("http_client_requests_seconds_count", "", 7.0));
    }

    @Test
    void unescapesQuotedLabelValuesWithCommasAndBraces() {
        var calls = PrometheusText.parse(PAGE, "http_client_requests_seconds_count"::equals);

        assertThat(calls.getFirst().labels())
                .containsEntry("clientName", "a.b.InventoryClient")
                .containsEntry("http_url", "/x?ids={ids}")
                .containsEntry("note", "say \"hi\", then go");
    }

    @Test
    void readsASampleWithoutLabels() {
        var uptime = PrometheusText.parse(PAGE, "process_uptime_seconds"::equals);

        assertThat(uptime).singleElement().satisfies(s -> {
            assertThat(s.labels()).isEmpty();
            assertThat(s.value()).isEqualTo(12.5);
        });
    }
}
