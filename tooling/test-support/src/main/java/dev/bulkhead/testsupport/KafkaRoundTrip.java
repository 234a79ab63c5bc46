package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/** The Kafka half of {@link ApplicationStartsContract}, loaded only where spring-kafka is present. */
final class KafkaRoundTrip {

    static final String KAFKA_TEMPLATE = "org.springframework.kafka.core.KafkaTemplate";

    private KafkaRoundTrip() {}

    static void assertDelivers(ApplicationContext context, Duration timeout) throws Exception {
        if (context.getBeanNamesForType(KafkaTemplate.class).length == 0) {
            assertThat(context.getBeanNamesForType(ConsumerFactory.class))
                    .as("a ConsumerFactory without a KafkaTemplate")
                    .isEmpty();
            return;
        }
        @SuppressWarnings("unchecked")
        KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
        @SuppressWarnings("unchecked")
        ConsumerFactory<Object, Object> consumers = context.getBean(ConsumerFactory.class);
        String topic = "bulkhead-contract-" + UUID.randomUUID();
        String marker = "contract-" + UUID.randomUUID();
        context.getBeanProvider(KafkaAdmin.class)
                .ifAvailable(admin -> admin.createOrModifyTopics(new NewTopic(topic, 1, (short) 1)));

        template.send(topic, payloadFor(template, marker)).get(timeout.toSeconds(), TimeUnit.SECONDS);

        Properties overrides = new Properties();
        overrides.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<Object, Object> consumer =
                consumers.createConsumer("bulkhead-contract-" + UUID.randomUUID(), null, null, overrides)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + timeout.toNanos();
            String seen = null;
            while (seen == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<Object, Object> record : consumer.poll(Duration.ofMillis(500))) {
                    seen = render(record.value());
                }
            }
            assertThat(seen).as("the record read back from %s", topic).contains(marker);
        }
    }

    /** A value the application's own value serializer accepts: bytes for byte serializers, else a String. */
    private static Object payloadFor(KafkaTemplate<Object, Object> template, String marker) {
        Serializer<?> serializer = template.getProducerFactory().getValueSerializer();
        Object configured = template.getProducerFactory()
                .getConfigurationProperties()
                .get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        String name = serializer != null
                ? serializer.getClass().getName()
                : configured instanceof Class<?> type ? type.getName() : String.valueOf(configured);
        byte[] bytes = marker.getBytes(StandardCharsets.UTF_8);
        if (name.equals(ByteArraySerializer.class.getName())) {
            return bytes;
        }
        if (name.equals(BytesSerializer.class.getName())) {
            return Bytes.wrap(bytes);
        }
        return marker;
    }

    private static String render(Object value) {
        return switch (value) {
            case null -> "null";
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case Bytes bytes -> new String(bytes.get(), StandardCharsets.UTF_8);
            default -> String.valueOf(value);
        };
    }
}
