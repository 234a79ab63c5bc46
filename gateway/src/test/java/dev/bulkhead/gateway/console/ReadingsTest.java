package dev.bulkhead.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadingsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private final Readings readings = new Readings(Set.of("order", "inventory", "payment"));

    @Test
    void showsTheBreakerOpenAndTheTransitionItSaw() {
        readings.read(List.of(gateway(breaker("products", "closed"))), T0);

        var later = readings.read(List.of(gateway(breaker("products", "open"))), T0.plusSeconds(2));

        assertThat(later.breakers()).singleElement().satisfies(breaker -> {
            assertThat(breaker.name()).isEqualTo("products");
            assertThat(breaker.state()).isEqualTo("OPEN");
            assertThat(breaker.transitions())
                    .containsExactly(new Snapshot.Transition("CLOSED", "OPEN", T0.plusSeconds(2)));
        });
    }

    @Test
    void namesTheCalledServiceByRouteOrFeignClientAndAnOutsideSystemByItsClient() {
        var snapshot = readings.read(
                List.of(
                        gateway(call(
                                Map.of("spring_cloud_gateway_route_uri", "lb://order", "http_status_code", "202"), 3)),
                        probe("order", call(Map.of("clientName", "dev.bulkhead.order.inventory.InventoryClient"), 2)),
                        probe(
                                "payment",
                                call(Map.of("clientName", "dev.bulkhead.payment.provider.PaymentProviderClient"), 1))),
                T0);

        assertThat(snapshot.calls())
                .extracting(Snapshot.Call::from, Snapshot.Call::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gateway", "order"),
                        org.assertj.core.groups.Tuple.tuple("order", "inventory"),
                        org.assertj.core.groups.Tuple.tuple("payment", "payment-provider"));
    }

    @Test
    void ratesCallsAndErrorsOverTheTimeBetweenTwoReadings() {
        readings.read(List.of(gateway(ok(10), failed(0))), T0);

        var later = readings.read(List.of(gateway(ok(16), failed(4))), T0.plusSeconds(2));

        assertThat(later.calls()).singleElement().satisfies(call -> {
            assertThat(call.perSecond()).isEqualTo(5.0); // (6 + 4) calls in 2 s
            assertThat(call.errorPercent()).isEqualTo(40.0);
            assertThat(call.total()).isEqualTo(20);
        });
    }

    @Test
    void leavesOutTheConsolesOwnUnattributedCalls() {
        var snapshot = readings.read(List.of(gateway(call(Map.of("client_name", "localhost"), 5))), T0);

        assertThat(snapshot.calls()).isEmpty();
    }

    private static Sample ok(int count) {
        return call(Map.of("spring_cloud_gateway_route_uri", "lb://inventory", "http_status_code", "200"), count);
    }

    private static Sample failed(int count) {
        return call(Map.of("spring_cloud_gateway_route_uri", "lb://inventory", "http_status_code", "504"), count);
    }

    private static Sample call(Map<String, String> labels, double count) {
        return new Sample("http_client_requests_seconds_count", labels, count);
    }

    private static Sample breaker(String name, String state) {
        return new Sample("resilience4j_circuitbreaker_state", Map.of("name", name, "state", state), 1);
    }

    private static Probe gateway(Sample... samples) {
        return probe("gateway", samples);
    }

    private static Probe probe(String service, Sample... samples) {
        return new Probe(service, service + "-1", "UP", "UP", List.of(samples));
    }
}
