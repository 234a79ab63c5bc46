package dev.bulkhead.notification.mail;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How notifications are mailed ({@code bulkhead.notification.mail.*}); the SMTP server itself is
 * Spring Boot's {@code spring.mail.*}.
 *
 * @param from the sender address
 * @param sweepInterval pause between two sweeps for due notifications: the longest a new one waits
 * @param batchSize notifications taken per round of a sweep
 * @param lease how long a taken notification is kept from other sweeps; longer than a batch can take
 *     with the SMTP timeouts, or two instances could both send it
 * @param maxAttempts attempts before a notification is given up on (FAILED)
 * @param retryBackoff wait after the first failed attempt; doubles with each further one
 * @param maxRetryBackoff cap on one wait
 */
@ConfigurationProperties("bulkhead.notification.mail")
@Validated
record MailSettings(
        @NotBlank @Email @DefaultValue("notifications@bulkhead.dev")
        String from,

        @NotNull @DefaultValue("1s") Duration sweepInterval,
        @Min(1) @Max(100) @DefaultValue("10") int batchSize,
        @NotNull @DefaultValue("5m") Duration lease,
        @Min(1) @Max(50) @DefaultValue("10") int maxAttempts,
        @NotNull @DefaultValue("5s") Duration retryBackoff,
        @NotNull @DefaultValue("15m") Duration maxRetryBackoff) {

    /** The wait after {@code failedAttempts} failures: 5 s, 10 s, 20 s ... up to the cap. */
    Duration backoffAfter(int failedAttempts) {
        Duration wait = retryBackoff;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxRetryBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : wait;
    }
}
