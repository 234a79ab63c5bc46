package dev.bulkhead.resilience.consumer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a failing event is retried before it goes to {@code <topic>.DLT}, and how long a claim is kept
 * ({@code bulkhead.consumer.*}).
 *
 * @param retries attempts after the first; bounded, because a partition waits while one record retries
 * @param initialBackoff wait before the first retry; doubles for each further one
 * @param maxBackoff cap on a single wait
 * @param processedRetention how long a processed-event claim is kept; it must outlast any redelivery
 *     of its event (the topics' retention, 7 days by default), or a redelivered event is applied again
 * @param outageMaxBackoff cap on the wait between attempts at a record that failed because the
 *     database was unreachable: such a record is retried until the database is back, never dead-lettered
 */
@ConfigurationProperties("bulkhead.consumer")
@Validated
public record ConsumerProperties(
        @PositiveOrZero @Max(10) @DefaultValue(DEFAULT_RETRIES)
        int retries,

        @NotNull @DefaultValue(DEFAULT_INITIAL_BACKOFF) Duration initialBackoff,
        @NotNull @DefaultValue(DEFAULT_MAX_BACKOFF) Duration maxBackoff,
        @NotNull @DefaultValue(DEFAULT_PROCESSED_RETENTION) Duration processedRetention,
        @NotNull @DefaultValue(DEFAULT_OUTAGE_MAX_BACKOFF) Duration outageMaxBackoff) {

    /** Enough to ride out a database failover blip; few enough that a poison message leaves in ~1.5 s. */
    public static final String DEFAULT_RETRIES = "3";

    public static final String DEFAULT_INITIAL_BACKOFF = "200ms";

    public static final String DEFAULT_MAX_BACKOFF = "2s";

    /** Twice Kafka's default topic retention (7 days): no event outlives its claim. */
    public static final String DEFAULT_PROCESSED_RETENTION = "14d";

    /** A restarted database is noticed within 5 s; a partition waiting on it costs one attempt per 5 s. */
    public static final String DEFAULT_OUTAGE_MAX_BACKOFF = "5s";

    /** Suffix of the dead-letter topic: {@code order-events} dead-letters to {@code order-events.DLT}. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";
}
