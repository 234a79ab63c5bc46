package dev.bulkhead.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class RouteRefusalsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RouteRefusals refusals = new RouteRefusals(meters);

    @Test
    void countsEveryRefusalButLogsAStormOnceAndTheNextLineSaysHowManyMore(CapturedOutput output) {
        String reason = RouteFallback.REASONS.iterator().next();
        for (int i = 0; i < 1_000; i++) {
            refusals.record("products", reason, 503, new IOException("refused"));
        }

        assertThat(meters.get(RouteRefusals.METRIC)
                        .tag("route", "products")
                        .tag("reason", reason)
                        .counter()
                        .count())
                .isEqualTo(1_000);
        assertThat(output.getOut().lines().filter(line -> line.contains("Route products answered 503")))
                .as("one line for a storm of 1,000 refusals within %s", RouteRefusals.LOG_EVERY)
                .hasSize(1);
    }

    @Test
    void registersEveryReasonOfARouteAtZero() {
        refusals.register("orders");

        assertThat(meters.find(RouteRefusals.METRIC).tag("route", "orders").counters())
                .hasSize(RouteFallback.REASONS.size())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }
}
