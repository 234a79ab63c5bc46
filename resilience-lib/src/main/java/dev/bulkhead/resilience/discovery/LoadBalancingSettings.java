package dev.bulkhead.resilience.discovery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.load-balancing.*}: how long an instance that refused a connection (or dropped one
 * before answering) is left out of the rotation.
 *
 * @param ejectionTime how long an instance gets no calls after a connection to it failed; then it is
 *     tried again, and ejected again if it still fails
 */
@ConfigurationProperties("bulkhead.load-balancing")
@Validated
public record LoadBalancingSettings(
        @NotNull @DefaultValue(DEFAULT_EJECTION_TIME) Duration ejectionTime) {

    /**
     * Long enough that a dead instance costs a caller one failed connection every few seconds (and a
     * GET a retry), short enough that a restarted instance is back in the rotation within a blink.
     */
    public static final String DEFAULT_EJECTION_TIME = "5s";

    public LoadBalancingSettings {
        if (ejectionTime != null && (ejectionTime.isNegative() || ejectionTime.isZero())) {
            throw new IllegalArgumentException(
                    "bulkhead.load-balancing.ejection-time must be positive, was " + ejectionTime);
        }
    }
}
