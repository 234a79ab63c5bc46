package dev.bulkhead.resilience;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code bulkhead.resilience.*} settings: one place to tune how every out-of-process call of a
 * service behaves. Each default is a named constant below, with the reason it was chosen.
 *
 * @param http timeouts applied to every HTTP client the service builds (RestClient, WebClient, Feign)
 */
@ConfigurationProperties(ResilienceProperties.PREFIX)
@Validated
public record ResilienceProperties(
        @Valid @NotNull @DefaultValue Http http) {

    /** Prefix of every resilience setting. */
    public static final String PREFIX = "bulkhead.resilience";

    /** A peer that has not accepted a TCP connection within a second is not coming back soon. */
    public static final String DEFAULT_CONNECT_TIMEOUT = "1s";

    /**
     * Generous for one call inside the data centre, yet well inside the 30 s saga deadline and
     * the gateway's own route timeouts, so a caller never waits longer than the one it serves.
     */
    public static final String DEFAULT_READ_TIMEOUT = "3s";

    /**
     * Timeouts for HTTP calls to other processes.
     *
     * @param connectTimeout how long to wait for a TCP connection
     * @param readTimeout how long to wait for a response once connected
     */
    public record Http(
            @NotNull @DefaultValue(DEFAULT_CONNECT_TIMEOUT) @DurationUnit(ChronoUnit.MILLIS)
            Duration connectTimeout,

            @NotNull @DefaultValue(DEFAULT_READ_TIMEOUT) @DurationUnit(ChronoUnit.MILLIS)
            Duration readTimeout) {

        public Http {
            requirePositive(connectTimeout, "connect-timeout");
            requirePositive(readTimeout, "read-timeout");
        }

        private static void requirePositive(Duration value, String name) {
            if (value != null && (value.isZero() || value.isNegative())) {
                throw new IllegalArgumentException(PREFIX + ".http." + name + " must be positive, was " + value);
            }
        }
    }
}
