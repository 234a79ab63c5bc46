package dev.bulkhead.resilience.consumer;

import dev.bulkhead.resilience.consumer.internal.Outages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Every {@code @KafkaListener} of a service gets bounded retries with exponential backoff and then
 * the record in {@code <topic>.DLT} — never Spring Kafka's default log-and-skip — except when the
 * failure is the database being unreachable: that record is retried until the database is back
 * ({@link Outages}), because the event is good and a dead-lettered good event is a lost effect.
 * (Boot's listener container factory picks up the {@link CommonErrorHandler} bean.)
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaOperations.class)
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsumerAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @ConditionalOnBean(KafkaOperations.class)
    DefaultErrorHandler bulkheadConsumerErrorHandler(
            KafkaOperations<Object, Object> template,
            ConsumerProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(() -> Metrics.globalRegistry);
        // Partition -1: the dead-letter topic need not have as many partitions as the source.
        var deadLetters = new DeadLetterPublishingRecoverer(template, (record, failure) -> {
            log.warn(
                    "Sending {}-{}@{} to {}{} after {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.topic(),
                    ConsumerProperties.DEAD_LETTER_SUFFIX,
                    rootMessage(failure));
            // Tagged by source topic only: a handful of values, and what an alert on a non-empty DLT needs.
            Counter.builder(DEAD_LETTERS)
                    .description(
                            "Records sent to the dead-letter topic after the bounded retries, or at once when malformed")
                    .tag("topic", record.topic())
                    .register(registry)
                    .increment();
            return new TopicPartition(record.topic() + ConsumerProperties.DEAD_LETTER_SUFFIX, -1);
        });
        var backOff = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        backOff.setMaxAttempts(properties.retries());
        var handler = new DefaultErrorHandler(deadLetters, backOff);
        handler.setBackOffFunction((record, failure) -> backOffFor(failure, properties));
        // No retry can fix these: straight to the dead-letter topic.
        // (UnsupportedEventVersion is a MalformedEvent; named so the rule reads complete.)
        handler.addNotRetryableExceptions(
                MalformedEvent.class, UnsupportedEventVersion.class, DeserializationException.class);
        return handler;
    }

    /**
     * The back-off for a failed record: unbounded, capped at {@code outage-max-backoff}, when the
     * database was unreachable; {@code null} (the bounded default) for anything else.
     */
    static BackOff backOffFor(Throwable failure, ConsumerProperties properties) {
        if (!Outages.isOutage(failure)) {
            return null;
        }
        var untilBack = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
        untilBack.setMaxInterval(properties.outageMaxBackoff().toMillis());
        return untilBack;
    }

    /** The meter counting dead-lettered records, by source topic. */
    public static final String DEAD_LETTERS = "bulkhead.consumer.dead.letters";

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
