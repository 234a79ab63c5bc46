package dev.bulkhead.order.saga;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.order.saga.*}: how long an order may stay PENDING and how the deadline is enforced.
 *
 * @param deadline from placing to TIMEOUT; longer than a healthy saga (well under a second), shorter
 *     than a customer's patience
 * @param sweepInterval how often the deadline job looks; an order times out at most this late
 * @param sweepBatchSize orders cancelled per transaction: bounded, so a backlog never holds thousands
 *     of row locks at once
 */
@ConfigurationProperties("bulkhead.order.saga")
@Validated
record SagaSettings(
        @NotNull @DurationMin(seconds = 1) @DefaultValue("30s")
        Duration deadline,

        @NotNull @DurationMin(millis = 50) @DefaultValue("1s")
        Duration sweepInterval,

        @Min(1) @Max(10_000) @DefaultValue("100") int sweepBatchSize) {}
