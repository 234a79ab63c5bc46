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
 * @param breaker the circuit breaker of each route
 * @param concurrency the adaptive concurrency limit of each route, and the queue in front of it
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
        @Valid @NotNull @DefaultValue Breaker breaker,
        @Valid @NotNull @DefaultValue Concurrency concurrency) {

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
     * A call still unanswered after this long counts as slow at once, before it ends: a hung service
     * opens its breaker within about this long plus the minimum calls, instead of after that many
     * response timeouts. Five times the p99 of any route on the dev stack under load.
     */
    static final String DEFAULT_SLOW_CALL_DURATION = "1s";

    /** Half the calls slow is a service that is not coping; a few slow ones are not. */
    static final String DEFAULT_SLOW_CALL_RATE = "50";

    /**
     * Where the limit starts before it has measured anything: Netflix's default, about what two cores
     * keep busy.
     */
    static final String DEFAULT_INITIAL_LIMIT = "20";

    /**
     * Never below this: a limit that fell to one would turn a hiccup into a queue. And a hung service
     * must be able to open its breaker with the calls the limit lets through: at least the breaker's
     * minimum calls, and enough slow calls to pass its slow-call rate (checked below).
     */
    static final String DEFAULT_MIN_LIMIT = "10";

    /** Never above this: the connections one route may hold to its service, however fast it is. */
    static final String DEFAULT_MAX_LIMIT = "200";

    /**
     * Requests that may wait for a slot: enough for every connection a client with c256 holds open,
     * so load the service can carry is queued, not refused; bounded, so a stuck service cannot pile up
     * the gateway's memory.
     */
    static final String DEFAULT_QUEUE_CAPACITY = "1024";

    /**
     * How long a request may wait for a slot before it is refused with 503 and Retry-After. Past this
     * the service is not keeping up (its latency has risen, so the limit has fallen): more waiting
     * only hides that from the client.
     */
    static final String DEFAULT_MAX_QUEUE_WAIT = "1s";

    RouteSettings {
        if (breaker != null && concurrency != null) {
            int slowCallsToOpen = Math.max(breaker.minimumCalls(), (int) Math.ceil(
                    breaker.slidingWindow() * Math.min(breaker.failureRate(), breaker.slowCallRate()) / 100.0));
            if (concurrency.minLimit() < slowCallsToOpen) {
                throw new IllegalArgumentException("bulkhead.gateway.routes.concurrency.min-limit ("
                        + concurrency.minLimit()
                        + ") must let through the " + slowCallsToOpen + " calls a hung service needs to open its"
                        + " breaker (breaker.minimum-calls, sliding-window x slow-call-rate)");
            }
        }
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
     * @param slowCallDuration how long a call may go unanswered before it counts as slow (and is
     *     counted at that moment, not when it ends)
     * @param slowCallRate the percentage of slow calls that opens it
     * @param waitInOpen how long it refuses calls before letting trial calls through (and the
     *     {@code Retry-After} of its refusals)
     * @param halfOpenCalls how many trial calls decide whether it closes again
     */
    record Breaker(
            @Min(1) @Max(1000) @DefaultValue(DEFAULT_SLIDING_WINDOW)
            int slidingWindow,

            @Min(1) @Max(1000) @DefaultValue(DEFAULT_MINIMUM_CALLS)
            int minimumCalls,

            @Min(1) @Max(100) @DefaultValue(DEFAULT_FAILURE_RATE)
            int failureRate,

            @NotNull @DefaultValue(DEFAULT_SLOW_CALL_DURATION) @DurationUnit(ChronoUnit.MILLIS)
            Duration slowCallDuration,

            @Min(1) @Max(100) @DefaultValue(DEFAULT_SLOW_CALL_RATE)
            int slowCallRate,

            @NotNull @DefaultValue(DEFAULT_WAIT_IN_OPEN) @DurationUnit(ChronoUnit.SECONDS)
            Duration waitInOpen,

            @Min(1) @Max(100) @DefaultValue(DEFAULT_HALF_OPEN_CALLS)
            int halfOpenCalls) {

        Breaker {
            requirePositive(slowCallDuration, "breaker.slow-call-duration");
            requirePositive(waitInOpen, "breaker.wait-in-open");
        }
    }

    /**
     * Each route's adaptive concurrency limit (Netflix's Gradient2: it follows the service's latency,
     * falling as the latency rises above its long-term average), and the short queue in front of it.
     * A request beyond the limit waits in the queue; it is refused (503, Retry-After) only when the
     * queue is full or it waited {@code maxQueueWait}, i.e. when the service really is saturated.
     *
     * @param initialLimit the limit before the first measurements
     * @param minLimit the lowest the limit goes
     * @param maxLimit the highest the limit goes
     * @param queueCapacity how many requests may wait for a slot
     * @param maxQueueWait how long one may wait
     */
    record Concurrency(
            @Min(1) @Max(10_000) @DefaultValue(DEFAULT_INITIAL_LIMIT)
            int initialLimit,

            @Min(1) @Max(10_000) @DefaultValue(DEFAULT_MIN_LIMIT)
            int minLimit,

            @Min(1) @Max(10_000) @DefaultValue(DEFAULT_MAX_LIMIT)
            int maxLimit,

            @Min(0) @Max(100_000) @DefaultValue(DEFAULT_QUEUE_CAPACITY)
            int queueCapacity,

            @NotNull @DefaultValue(DEFAULT_MAX_QUEUE_WAIT) @DurationUnit(ChronoUnit.MILLIS)
            Duration maxQueueWait) {

        Concurrency {
            requirePositive(maxQueueWait, "concurrency.max-queue-wait");
            if (minLimit > maxLimit || initialLimit < minLimit || initialLimit > maxLimit) {
                throw new IllegalArgumentException(
                        "bulkhead.gateway.routes.concurrency needs min-limit <= initial-limit" + " <= max-limit, was "
                                + minLimit + ", " + initialLimit + ", " + maxLimit);
            }
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException("bulkhead.gateway.routes." + name + " must be positive, was " + value);
        }
    }
}
