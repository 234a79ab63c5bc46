package dev.bulkhead.resilience.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.retention.*}: how often the sweep runs and how much it deletes per statement.
 *
 * @param enabled whether this instance sweeps at all
 * @param interval time between sweeps; the first runs one interval after start, not during it
 * @param batchSize rows per {@code DELETE}: short transactions that never hold many locks at once
 */
@ConfigurationProperties("bulkhead.retention")
@Validated
public record RetentionSettings(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue(DEFAULT_INTERVAL) Duration interval,

        @Min(1) @Max(100_000) @DefaultValue(DEFAULT_BATCH_SIZE)
        int batchSize) {

    /** Hourly: what is swept is kept for hours or days, so an hour late costs nothing. */
    public static final String DEFAULT_INTERVAL = "1h";

    public static final String DEFAULT_BATCH_SIZE = "1000";
}
