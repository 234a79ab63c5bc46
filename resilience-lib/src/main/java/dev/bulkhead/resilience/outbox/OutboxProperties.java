package dev.bulkhead.resilience.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.outbox.*}: how the relay moves committed events to Kafka.
 *
 * @param relayEnabled whether this instance relays (the table is written either way)
 * @param pollInterval how often the relay looks for pending events when no commit woke it up
 * @param batchSize how many events one relay pass sends before waiting for their acknowledgements
 * @param retention how long published rows are kept (for inspection) before they are deleted
 */
@ConfigurationProperties(OutboxProperties.PREFIX)
@Validated
record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @Min(1) @Max(10_000) @DefaultValue("200") int batchSize,
        @NotNull @DefaultValue("7d") Duration retention) {

    static final String PREFIX = "bulkhead.outbox";

    OutboxProperties {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".poll-interval must be positive, was " + pollInterval);
        }
    }
}
