package dev.bulkhead.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;

class KafkaTest {

    @RepeatedTest(20)
    void clusterIdsAreWhatKafkaStorageAccepts() {
        var id = Kafka.clusterId();

        assertThat(id).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
    }
}
