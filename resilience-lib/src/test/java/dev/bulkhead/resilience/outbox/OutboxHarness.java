package dev.bulkhead.resilience.outbox;

import dev.bulkhead.testsupport.Infrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A minimal application with the outbox, started against a given database and Kafka address. */
final class OutboxHarness {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    private OutboxHarness() {}

    static Infrastructure.Database newDatabase() {
        return Infrastructure.get().postgres().createDatabase();
    }

    static String kafka() {
        return Infrastructure.get().kafka().bootstrapServers();
    }

    static ConfigurableApplicationContext start(Infrastructure.Database db, String bootstrap, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.application.name=outbox-test",
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.username(),
                "spring.datasource.password=" + db.password(),
                "spring.kafka.bootstrap-servers=" + bootstrap,
                "bulkhead.outbox.poll-interval=200ms",
                "spring.kafka.producer.properties.max.block.ms=1000",
                "spring.kafka.producer.properties.request.timeout.ms=1000",
                "spring.kafka.producer.properties.delivery.timeout.ms=3000",
                "spring.kafka.producer.properties.reconnect.backoff.max.ms=200",
                "management.tracing.export.otlp.enabled=false"));
        properties.addAll(List.of(extra));
        // As arguments, not default properties: those rank below resilience-lib's platform defaults.
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        }
    }

    /** Reads {@code count} records from the beginning of every partition of {@code topic}. */
    static List<ConsumerRecord<String, String>> read(String topic, int count, Duration timeout) {
        Properties config = new Properties();
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static Map<TopicPartition, List<String>> byPartition(List<ConsumerRecord<String, String>> records) {
        Map<TopicPartition, List<String>> result = new HashMap<>();
        records.forEach(
                r -> result.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new ArrayList<>())
                        .add(r.value()));
        return result;
    }
}
