package dev.bulkhead.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reading what a service really published, for assertions: a throwaway consumer (its own group, so
 * it never steals records from the service's listeners) reads a topic from the beginning until a
 * record matches.
 */
public final class Topics {

    private final ConsumerFactory<String, String> consumers;
    private final Duration timeout;

    private Topics(ConsumerFactory<String, String> consumers, Duration timeout) {
        this.consumers = consumers;
        this.timeout = timeout;
    }

    /** Reads with consumers made by the application's own factory (its deserializers, its broker). */
    public static Topics readingWith(ConsumerFactory<String, String> consumers, Duration timeout) {
        return new Topics(consumers, timeout);
    }

    /**
     * The first record on {@code topic} that {@code wanted} accepts, waiting for the topic to exist
     * and the record to arrive.
     *
     * @throws AssertionError when none arrives within the timeout
     */
    public ConsumerRecord<String, String> first(String topic, Predicate<ConsumerRecord<String, String>> wanted) {
        try (Consumer<String, String> consumer = consumers.createConsumer("test-" + UUID.randomUUID(), null)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2)).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
                if (partitions.isEmpty()) continue;
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (wanted.test(record)) return record;
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout);
    }
}
