package dev.bulkhead.resilience.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class OutboxAutoConfigurationTest {

    @Test
    void theRelayProducerIsIdempotentWithAcksAllWhateverTheApplicationConfigured() {
        Map<String, Object> config = OutboxAutoConfiguration.relayProducerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 10,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-",
                ProducerConfig.CLIENT_ID_CONFIG, "order-service",
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092"));

        assertThat(config)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "order-service-outbox-relay")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9092")
                .doesNotContainKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    }
}
