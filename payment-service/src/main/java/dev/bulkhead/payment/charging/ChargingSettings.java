package dev.bulkhead.payment.charging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.payment.charges.*}: how payment-service calls the provider.
 *
 * @param threads provider calls under way at once; one slow provider can tie up only these threads,
 *     never a Kafka listener or a database connection
 * @param queueCapacity calls waiting for a thread; past it a call is left to the sweep, not dropped
 * @param maxAttempts tries in a row per charge or refund when the provider answers 5xx or not at all
 *     (the first included); safe to repeat, because the idempotency key makes the provider answer a
 *     repeat with the first result. When they run out the call stays due and the sweep makes it again:
 *     an unanswered charge is never reported failed, since the provider may have made it
 * @param initialBackoff wait before the second try; doubles for each further one, with jitter
 * @param maxBackoff cap on one wait
 * @param staleAfter how long a charge or refund may go without a call starting before the sweep
 *     re-submits it; longer than one call can take (the provider's read timeout, 40 s, plus the
 *     connect timeout and a margin), so the sweep never repeats a call another instance is still making
 * @param sweepInterval how often the sweep looks; it also runs once at start-up
 * @param sweepBatch the most calls one sweep re-submits
 */
@ConfigurationProperties("bulkhead.payment.charges")
@Validated
record ChargingSettings(
        @Min(1) @Max(256) @DefaultValue("16") int threads,
        @Min(1) @Max(100_000) @DefaultValue("1000") int queueCapacity,
        @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("500ms") Duration initialBackoff,
        @NotNull @DefaultValue("5s") Duration maxBackoff,
        @NotNull @DefaultValue("60s") Duration staleAfter,
        @NotNull @DefaultValue("15s") Duration sweepInterval,
        @Min(1) @Max(10_000) @DefaultValue("100") int sweepBatch) {

    static final String PREFIX = "bulkhead.payment.charges";

    ChargingSettings {
        requirePositive(initialBackoff, "initial-backoff");
        requirePositive(maxBackoff, "max-backoff");
        requirePositive(staleAfter, "stale-after");
        requirePositive(sweepInterval, "sweep-interval");
    }

    private static void requirePositive(Duration value, String name) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be positive, was " + value);
        }
    }

    /** The wait before try {@code attempt + 1}: exponential, capped, with jitter so retries do not march in step. */
    Duration backoff(int attempt, double random) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (capped / 2.0 * random));
    }
}
