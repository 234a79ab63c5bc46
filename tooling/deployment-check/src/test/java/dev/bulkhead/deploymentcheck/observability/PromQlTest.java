package dev.bulkhead.deploymentcheck.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PromQL reading the dashboard checks rely on: it finds every selector and nothing else. */
class PromQlTest {

    @Test
    void findsMetricsAndTheirLabelsButNotFunctionsClausesOrVariables() {
        var selectors = PromQl.selectors("histogram_quantile(0.99, sum by (application, le) "
                + "(rate(http_server_requests_seconds_bucket{application=~\"$application\", uri!~\"/actuator.*\"}[$__rate_interval])))"
                + " / ignoring(le) group_left sum(up{job=\"bulkhead\"}) > 0.5");
        assertThat(selectors)
                .containsExactly(
                        new PromQl.Selector("http_server_requests_seconds_bucket", Set.of("application", "uri")),
                        new PromQl.Selector("up", Set.of("job")));
    }

    @Test
    void readsBareMetricsAndOffsetsAndBooleanComparisons() {
        assertThat(
                        PromQl.selectors(
                                "max by (application, topic) (kafka_consumer_fetch_manager_records_lag_max offset 5m) > bool 1000"))
                .containsExactly(new PromQl.Selector("kafka_consumer_fetch_manager_records_lag_max", Set.of()));
    }

    @Test
    void reportsASelectorWithoutAMetricName() {
        assertThat(PromQl.selectors("sum({__name__=~\"jvm_.*\"})"))
                .containsExactly(new PromQl.Selector(null, Set.of("__name__")));
    }
}
