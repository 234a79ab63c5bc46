package dev.bulkhead.order.order;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.order.idempotency.*}.
 *
 * @param keyRetention how long a used Idempotency-Key is remembered: a retry within it returns the
 *     same order; a request with that key after it places a new one. A day, as payment APIs keep
 *     theirs: clients retry within minutes, and the table does not grow with every order ever placed.
 */
@ConfigurationProperties("bulkhead.order.idempotency")
@Validated
record IdempotencySettings(
        @NotNull @DurationMin(hours = 1) @DefaultValue("24h")
        Duration keyRetention) {}
