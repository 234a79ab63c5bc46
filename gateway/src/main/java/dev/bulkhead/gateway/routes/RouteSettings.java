package dev.bulkhead.gateway.routes;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.gateway.routes.*}: how every route treats the service behind it. Each default is a
 * named constant with its reason. A route's own {@code metadata} ({@code response-timeout},
 * {@code connect-timeout}, in ms) wins over these.
 *
 * @param connectTimeout how long to wait for a TCP connection to a service
 * @param responseTimeout how long to wait for a service's response headers, per attempt
 * @param responseTimeouts per route id, a response timeout other than the default
 * @param retry how GET and HEAD are retried
 * @param breaker the circuit breaker and bulkhead of each route
 */
@ConfigurationProperties("bulkhead.gateway.routes")
@Validated
record RouteSettings(
        @NotNull @DefaultValue(DEFAULT_CONNECT_TIMEOUT) @DurationUnit(ChronoUnit.MILLIS)
        Duration connectTimeout,

        @NotNull @DefaultValue(DEFAULT_RESPONSE_TIMEOUT) @DurationUnit(ChronoUnit.MILLIS)
        Duration responseTimeout,

        @NotNull @DefaultValue Map<String, Duration> responseTimeouts,
        @Valid @NotNull @DefaultValue Retry retry,
        @Valid @NotNull @DefaultValue Breaker breaker) {

    /** A service in the same network that has not accepted a connection in a second is not there. */
    static final String DEFAULT_CONNECT_TIMEOUT = "1s";

    /**
     * Above the services' own 3 s timeout on their downstream calls (resilience-lib), so a service can
     * answer with its own error before the gateway gives up on it; below what a person waits.
     */
    static final String DEFAULT_RESPONSE_TIMEOUT = "5s";

    /** Two retries hide a restarting instance; more multiply the load on a service that is struggling. */
    static final String DEFAULT_RETRIES = "2";

    /** Long enough for a connection refused by a restarting pod to be accepted by the next one. */
    static final String DEFAULT_FIRST_BACKOFF = "50ms";

    static final String DEFAULT_MAX_BACKOFF = "500ms";

    static final String DEFAULT_BACKOFF_FACTOR = "2";

    /** ±50 %: retries of many clients spread out instead of arriving together. */
    static final String DEFAULT_JITTER = "0.5";

    /** The last 20 calls: enough to judge a route without remembering an outage long past. */
    static final String DEFAULT_SLIDING_WINDOW = "20";

    /** Ten calls before judging: two unlucky requests do not open a breaker. */
    static final String DEFAULT_MINIMUM_CALLS = "10";

    static final String DEFAULT_FAILURE_RATE = "50";

    /** Long enough for a service to restart or shed its load; a client told Retry-After waits as long. */
    static final String DEFAULT_WAIT_IN_OPEN = "10s";

    static final String DEFAULT_HALF_OPEN_CALLS = "3";

    /**
     * Requests one route may have in flight: a hung service holds at most this many of the gateway's
     * connections, and the rest of the API keeps its own.
     */
    static final String DEFAULT_MAX_CONCURRENT_CALLS = "100";

    RouteSettings {
        requirePositive(connectTimeout, "connect-timeout");
        requirePositive(responseTimeout, "response-timeout");
        if (responseTimeouts != null) {
            responseTimeouts.forEach((route, timeout) -> requirePositive(timeout, "response-timeouts." + route));
        }
    }

    /** The response timeout of one route. */
    Duration responseTimeoutOf(String routeId) {
        return responseTimeouts.getOrDefault(routeId, responseTimeout);
    }

    /**
     * Retries of GET and HEAD (never of other methods) after a connection failure or a 502, 503 or
     * 504; never after the response timeout, which would multiply a slow service's load.
     *
     * @param retries retries after the first attempt; 0 switches retrying off
     * @param firstBackoff the wait before the first retry
     * @param maxBackoff the longest wait between two attempts
     * @param factor how much each wait grows
     * @param jitter how much each wait varies at random, as a fraction of it
     */
    record Retry(
            @Min(0) @Max(5) @DefaultValue(DEFAULT_RETRIES) int retries,

            @NotNull @DefaultValue(DEFAULT_FIRST_BACKOFF) @DurationUnit(ChronoUnit.MILLIS)
            Duration firstBackoff,

            @NotNull @DefaultValue(DEFAULT_MAX_BACKOFF) @DurationUnit(ChronoUnit.MILLIS)
            Duration maxBackoff,

            @Min(1) @Max(10) @DefaultValue(DEFAULT_BACKOFF_FACTOR)
            int factor,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue(DEFAULT_JITTER)
            double jitter) {

        Retry {
            requirePositive(firstBackoff, "retry.first-backoff");
            requirePositive(maxBackoff, "retry.max-backoff");
            if (firstBackoff != null && maxBackoff != null && maxBackoff.compareTo(firstBackoff) < 0) {
                throw new IllegalArgumentException(
                        "bulkhead.gateway.routes.retry.max-backoff must not be below first-backoff");
            }
        }
    }

    /**
     * @param slidingWindow how many of the latest calls the breaker judges by
     * @param minimumCalls how many calls it needs before it may open
     * @param failureRate the percentage of failed calls that opens it
     * @param waitInOpen how long it refuses calls before letting trial calls through (and the
     *     {@code Retry-After} of its refusals)
     * @param halfOpenCalls how many trial calls decide whether it closes again
     * @param maxConcurrentCalls the route's bulkhead: calls in flight at once; more are refused at once
     */
    record Breaker(
            @Min(1) @Max(1000) @DefaultValue(DEFAULT_SLIDING_WINDOW)
            int slidingWindow,

            @Min(1) @Max(1000) @DefaultValue(DEFAULT_MINIMUM_CALLS)
            int minimumCalls,

            @Min(1) @Max(100) @DefaultValue(DEFAULT_FAILURE_RATE)
            int failureRate,

            @NotNull @DefaultValue(DEFAULT_WAIT_IN_OPEN) @DurationUnit(ChronoUnit.SECONDS)
            Duration waitInOpen,

            @Min(1) @Max(100) @DefaultValue(DEFAULT_HALF_OPEN_CALLS)
            int halfOpenCalls,

            @Min(1) @Max(10_000) @DefaultValue(DEFAULT_MAX_CONCURRENT_CALLS)
            int maxConcurrentCalls) {

        Breaker {
            requirePositive(waitInOpen, "breaker.wait-in-open");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException("bulkhead.gateway.routes." + name + " must be positive, was " + value);
        }
    }
}
