package dev.bulkhead.resilience;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code bulkhead.resilience.*} settings: one place to tune how every out-of-process call of a
 * service behaves. Each default is a named constant below, with the reason it was chosen.
 *
 * @param http timeouts applied to every HTTP client the service builds (RestClient, WebClient, Feign)
 * @param downstreams circuit breaker, bulkhead and retries of every Feign client, by client name; the
 *     entry {@value #DEFAULTS_KEY} applies to every client, a client's own entry overrides it field by
 *     field, and what neither sets takes the named defaults below
 */
@ConfigurationProperties(ResilienceProperties.PREFIX)
@Validated
public record ResilienceProperties(
        @Valid @NotNull @DefaultValue Http http,
        @NotNull @DefaultValue Map<String, @Valid Downstream> downstreams) {

    /** The {@link #downstreams()} entry every Feign client starts from, like Feign's own {@code config.default}. */
    public static final String DEFAULTS_KEY = "default";

    /** Prefix of every resilience setting. */
    public static final String PREFIX = "bulkhead.resilience";

    /** A peer that has not accepted a TCP connection within a second is not coming back soon. */
    public static final String DEFAULT_CONNECT_TIMEOUT = "1s";

    /**
     * Generous for one call inside the data centre, yet well inside the 30 s saga deadline and
     * the gateway's own route timeouts, so a caller never waits longer than the one it serves.
     */
    public static final String DEFAULT_READ_TIMEOUT = "3s";

    /** Judge a downstream on its last 20 calls: enough to tell a trend from one bad request. */
    public static final int DEFAULT_BREAKER_WINDOW = 20;

    /** No verdict before 10 calls, so two unlucky requests at start-up cannot open the breaker. */
    public static final int DEFAULT_BREAKER_MINIMUM_CALLS = 10;

    /** Open when half the calls fail: a downstream that fails that often is not serving anyone. */
    public static final float DEFAULT_BREAKER_FAILURE_RATE = 50f;

    /** Leave a failing downstream alone for 10 s: long enough to restart a pod, short for a user. */
    public static final Duration DEFAULT_BREAKER_WAIT_IN_OPEN = Duration.ofSeconds(10);

    /** Three trial calls decide whether a recovering downstream is back. */
    public static final int DEFAULT_BREAKER_HALF_OPEN_CALLS = 3;

    /** A hung downstream can hold at most 25 of Tomcat's 200 request threads; the rest keep serving. */
    public static final int DEFAULT_BULKHEAD_MAX_CONCURRENT = 25;

    /** A full bulkhead refuses at once: queueing in front of a hung downstream only moves the wait. */
    public static final Duration DEFAULT_BULKHEAD_MAX_WAIT = Duration.ZERO;

    /** One call and two retries: a blip is bridged, an outage is not hammered. */
    public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;

    /** First wait 100 ms, doubling: a pod restart or a dropped connection is over by then. */
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(100);

    /** No single wait above 1 s: the caller's own timeout (the gateway's 5 s) must still cover the call. */
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(1);

    /** Each wait is drawn from ±50 % of its nominal value, so the retries of many callers do not march in step. */
    public static final double DEFAULT_RETRY_JITTER = 0.5;

    /** Retries may add at most 20 % to a downstream's calls, so a failing downstream sees 1.2x its load, not 3x. */
    public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.2;

    /** The budget counts the calls of the last 10 s: long enough to smooth a burst, short to forget an outage. */
    public static final Duration DEFAULT_RETRY_BUDGET_WINDOW = Duration.ofSeconds(10);

    /** A quiet client may still retry 5 times per window, or one failure in a lull could never be retried. */
    public static final int DEFAULT_RETRY_BUDGET_MIN_RETRIES = 5;

    /**
     * The policy of the Feign client {@code name}: its own entry over the {@value #DEFAULTS_KEY} entry
     * over the named defaults, every field set.
     */
    public Downstream downstream(String name) {
        return Downstream.BUILT_IN
                .overriddenBy(downstreams.get(DEFAULTS_KEY))
                .overriddenBy(DEFAULTS_KEY.equals(name) ? null : downstreams.get(name));
    }

    /**
     * How calls to one downstream (a Feign client, by name) are protected. Every field may be left
     * out; {@link ResilienceProperties#downstream(String)} fills it in.
     *
     * @param connectTimeout overrides {@code http.connect-timeout} for this client
     * @param readTimeout overrides {@code http.read-timeout} for this client
     * @param breaker when calls stop being sent
     * @param bulkhead how many calls may be under way at once
     * @param retry which failed calls are sent again, and how often
     */
    public record Downstream(
            @DurationUnit(ChronoUnit.MILLIS) Duration connectTimeout,
            @DurationUnit(ChronoUnit.MILLIS) Duration readTimeout,
            @Valid Breaker breaker,
            @Valid Bulkhead bulkhead,
            @Valid Retry retry) {

        static final Downstream BUILT_IN = new Downstream(
                null,
                null,
                new Breaker(
                        DEFAULT_BREAKER_WINDOW,
                        DEFAULT_BREAKER_MINIMUM_CALLS,
                        DEFAULT_BREAKER_FAILURE_RATE,
                        DEFAULT_BREAKER_WAIT_IN_OPEN,
                        DEFAULT_BREAKER_HALF_OPEN_CALLS),
                new Bulkhead(DEFAULT_BULKHEAD_MAX_CONCURRENT, DEFAULT_BULKHEAD_MAX_WAIT),
                new Retry(
                        DEFAULT_RETRY_MAX_ATTEMPTS,
                        DEFAULT_RETRY_INITIAL_BACKOFF,
                        DEFAULT_RETRY_MAX_BACKOFF,
                        DEFAULT_RETRY_JITTER,
                        DEFAULT_RETRY_BUDGET_RATIO,
                        DEFAULT_RETRY_BUDGET_WINDOW,
                        DEFAULT_RETRY_BUDGET_MIN_RETRIES));

        public Downstream {
            requirePositive(connectTimeout, "connect-timeout");
            requirePositive(readTimeout, "read-timeout");
        }

        /** This policy with every field {@code other} sets taken from {@code other}. */
        Downstream overriddenBy(Downstream other) {
            if (other == null) {
                return this;
            }
            return new Downstream(
                    or(other.connectTimeout, connectTimeout),
                    or(other.readTimeout, readTimeout),
                    breaker.overriddenBy(other.breaker),
                    bulkhead.overriddenBy(other.bulkhead),
                    retry.overriddenBy(other.retry));
        }

        /**
         * @param slidingWindow how many of the latest calls are judged
         * @param minimumCalls calls needed before the breaker may open
         * @param failureRate percentage of failed calls that opens the breaker
         * @param waitInOpen how long an open breaker refuses calls before letting trial calls through
         * @param halfOpenCalls trial calls that decide whether to close again
         */
        public record Breaker(
                @Positive Integer slidingWindow,
                @Positive Integer minimumCalls,
                @Positive @Max(100) Float failureRate,
                @DurationUnit(ChronoUnit.MILLIS) Duration waitInOpen,
                @Positive Integer halfOpenCalls) {

            public Breaker {
                requirePositive(waitInOpen, "breaker.wait-in-open");
            }

            /**
             * @return these settings as the shared breaker shape; every field is set once merged with the defaults
             */
            public BreakerSettings settings() {
                return new BreakerSettings(slidingWindow, minimumCalls, failureRate, waitInOpen, halfOpenCalls);
            }

            Breaker overriddenBy(Breaker other) {
                return other == null
                        ? this
                        : new Breaker(
                                or(other.slidingWindow, slidingWindow),
                                or(other.minimumCalls, minimumCalls),
                                or(other.failureRate, failureRate),
                                or(other.waitInOpen, waitInOpen),
                                or(other.halfOpenCalls, halfOpenCalls));
            }
        }

        /**
         * @param maxConcurrentCalls calls under way at once; one more is refused
         * @param maxWait how long a call may wait for a free place before it is refused
         */
        public record Bulkhead(
                @Positive Integer maxConcurrentCalls,
                @DurationUnit(ChronoUnit.MILLIS) Duration maxWait) {

            public Bulkhead {
                if (maxWait != null && maxWait.isNegative()) {
                    throw new IllegalArgumentException(
                            PREFIX + ".downstreams.*.bulkhead.max-wait must not be negative");
                }
            }

            Bulkhead overriddenBy(Bulkhead other) {
                return other == null
                        ? this
                        : new Bulkhead(or(other.maxConcurrentCalls, maxConcurrentCalls), or(other.maxWait, maxWait));
            }
        }

        /**
         * Retries apply only to idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) and to requests
         * that carry an {@code Idempotency-Key} header, after a failed connection or a 502/503/504.
         *
         * @param maxAttempts tries per call, the first included; 1 switches retries off
         * @param initialBackoff nominal wait before the first retry; doubles for each further one
         * @param maxBackoff cap on one nominal wait
         * @param jitter each wait is drawn from nominal × (1 ± jitter)
         * @param budgetRatio retries allowed per call made, over the budget window
         * @param budgetWindow how far back the budget counts calls and retries
         * @param budgetMinRetries retries allowed per window however few calls were made
         */
        public record Retry(
                @Positive @Max(10) Integer maxAttempts,
                @DurationUnit(ChronoUnit.MILLIS) Duration initialBackoff,
                @DurationUnit(ChronoUnit.MILLIS) Duration maxBackoff,

                @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
                Double jitter,

                @DecimalMin("0") @DecimalMax("10") Double budgetRatio,
                @DurationUnit(ChronoUnit.MILLIS) Duration budgetWindow,
                @Min(0) Integer budgetMinRetries) {

            public Retry {
                requirePositive(initialBackoff, "retry.initial-backoff");
                requirePositive(maxBackoff, "retry.max-backoff");
                requirePositive(budgetWindow, "retry.budget-window");
            }

            Retry overriddenBy(Retry other) {
                return other == null
                        ? this
                        : new Retry(
                                or(other.maxAttempts, maxAttempts),
                                or(other.initialBackoff, initialBackoff),
                                or(other.maxBackoff, maxBackoff),
                                or(other.jitter, jitter),
                                or(other.budgetRatio, budgetRatio),
                                or(other.budgetWindow, budgetWindow),
                                or(other.budgetMinRetries, budgetMinRetries));
            }
        }

        private static <T> T or(T preferred, T fallback) {
            return preferred != null ? preferred : fallback;
        }

        private static void requirePositive(Duration value, String name) {
            if (value != null && (value.isZero() || value.isNegative())) {
                throw new IllegalArgumentException(
                        PREFIX + ".downstreams.*." + name + " must be positive, was " + value);
            }
        }
    }

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
