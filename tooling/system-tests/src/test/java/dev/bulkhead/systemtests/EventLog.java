package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The saga's topics as a test reads and writes them: every record from offset 0, the same records
 * published again (a redelivery, or a replay of everything), and whether every consumer group has
 * read to the end.
 */
final class EventLog {

    static final List<String> TOPICS = List.of("user-events", "order-events", "inventory-events", "payment-events");

    private final String bootstrap;
    private final Duration catchUp;

    EventLog(String bootstrap, Duration catchUp) {
        this.bootstrap = bootstrap;
        this.catchUp = catchUp;
    }

    /** Every record on the saga's topics that {@code which} takes, in offset order per partition. */
    List<ConsumerRecord<String, String>> records(Predicate<ConsumerRecord<String, String>> which) {
        var found = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = consumer()) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + catchUp.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the topics in time").isLessThan(deadline);
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (which.test(record)) found.add(record);
                }
            }
        }
        return found;
    }

    /** Publishes each record again as it was: same topic, key, value and headers (the partition follows the key). */
    void republish(List<ConsumerRecord<String, String>> records) throws Exception {
        try (var producer = producer()) {
            var sent = new ArrayList<java.util.concurrent.Future<?>>();
            for (var event : records) {
                sent.add(producer.send(
                        new ProducerRecord<>(event.topic(), null, event.key(), event.value(), event.headers())));
            }
            for (var future : sent) future.get();
        }
    }

    void send(String topic, String key, String value) throws Exception {
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /**
     * Waits until each consumer group has committed offsets at the end of every partition it reads;
     * returns which groups read which topic.
     */
    Map<String, Set<String>> awaitEveryGroupCaughtUp() throws Exception {
        try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + catchUp.toNanos();
            while (true) {
                var readers = new HashMap<String, Set<String>>();
                var behind = new ArrayList<String>();
                var groups = admin.listConsumerGroups().all().get();
                for (var group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get();
                    var ours = new HashMap<TopicPartition, OffsetSpec>();
                    committed.keySet().stream()
                            .filter(p -> TOPICS.contains(p.topic()))
                            .forEach(p -> ours.put(p, OffsetSpec.latest()));
                    if (ours.isEmpty()) continue;
                    var latest = admin.listOffsets(ours).all().get();
                    for (var partition : ours.keySet()) {
                        readers.computeIfAbsent(partition.topic(), t -> new HashSet<>())
                                .add(group.groupId());
                        var offset = committed.get(partition);
                        if (offset == null
                                || offset.offset() < latest.get(partition).offset()) {
                            behind.add(group.groupId() + "@" + partition);
                        }
                    }
                }
                if (behind.isEmpty()) return readers;
                assertThat(System.nanoTime())
                        .as("consumer groups still behind: %s", behind)
                        .isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    /** Each record of a dead-letter topic: the consumer group that sent it (Spring Kafka's header) and its value. */
    List<String> deadLetters(String dlt) {
        var letters = new ArrayList<String>();
        try (var consumer = consumer()) {
            var partitions = consumer.partitionsFor(dlt).stream()
                    .map(p -> new TopicPartition(dlt, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + catchUp.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var header = record.headers().lastHeader("kafka_dlt-original-consumer-group");
                    letters.add((header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8)) + " "
                            + record.value());
                }
            }
        }
        return letters;
    }

    /** The consumer groups that sent {@code value} to {@code dlt}. */
    Set<String> deadLettered(String dlt, String value) {
        var groups = new HashSet<String>();
        for (String letter : deadLetters(dlt)) {
            int space = letter.indexOf(' ');
            if (letter.substring(space + 1).equals(value)) groups.add(letter.substring(0, space));
        }
        return groups;
    }

    private KafkaConsumer<String, String> consumer() {
        var properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private KafkaProducer<String, String> producer() {
        var properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
}
