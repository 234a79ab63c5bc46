package dev.bulkhead.resilience.consumer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a failing event is retried before it goes to {@code <topic>.DLT} ({@code bulkhead.consumer.*}).
 *
 * @param retries attempts after the first; bounded, because a partition waits while one record retries
 * @param initialBackoff wait before the first retry; doubles for each further one
 * @param maxBackoff cap on a single wait
 */
@ConfigurationProperties("bulkhead.consumer")
@Validated
public record ConsumerProperties(
        @PositiveOrZero @Max(10) @DefaultValue(DEFAULT_RETRIES)
        int retries,

        @NotNull @DefaultValue(DEFAULT_INITIAL_BACKOFF) Duration initialBackoff,
        @NotNull @DefaultValue(DEFAULT_MAX_BACKOFF) Duration maxBackoff) {

    /** Enough to ride out a database failover blip; few enough that a poison message leaves in ~1.5 s. */
    public static final String DEFAULT_RETRIES = "3";

    public static final String DEFAULT_INITIAL_BACKOFF = "200ms";

    public static final String DEFAULT_MAX_BACKOFF = "2s";

    /** Suffix of the dead-letter topic: {@code order-events} dead-letters to {@code order-events.DLT}. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";
}
