package dev.bulkhead.gateway.ratelimit;

import dev.bulkhead.resilience.BreakerSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bulkhead.gateway.rate-limit.*}: how many requests a caller may make. Each default is a named
 * constant with its reason.
 *
 * @param enabled whether requests are limited at all
 * @param paths the requests that are limited (Spring path patterns); actuator and API docs are not
 * @param user the bucket of each authenticated caller, keyed by the token's subject
 * @param anonymous the bucket of each client IP, for requests without a token (public routes)
 * @param login the stricter limits on {@code POST} to the login path, per account and per IP
 * @param clientIp how the client's IP is found
 * @param shared the Redis tier every instance shares
 * @param local the per-instance tier that decides while Redis is away
 */
@ConfigurationProperties("bulkhead.gateway.rate-limit")
@Validated
record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @NotEmpty @DefaultValue(DEFAULT_PATHS) List<String> paths,
        @Valid @NotNull @DefaultValue Rate user,
        @Valid @NotNull @DefaultValue Rate anonymous,
        @Valid @NotNull @DefaultValue Login login,
        @Valid @NotNull @DefaultValue ClientIp clientIp,
        @Valid @NotNull @DefaultValue Shared shared,
        @Valid @NotNull @DefaultValue Local local) {

    /** The public API and the gateway's own composition; health, metrics and docs stay unlimited. */
    static final String DEFAULT_PATHS = "/api/**";

    /** A person clicking through the UI makes a few requests a second; ten sustained is generous. */
    static final String DEFAULT_REPLENISH = "10";

    static final String DEFAULT_PERIOD = "1s";

    /** A page load fans out into a handful of calls at once; twenty absorbs that, not a script. */
    static final String DEFAULT_BURST = "20";

    /** Nobody types a password five times a minute; a password-guessing script does. */
    static final String DEFAULT_LOGIN_PER_ACCOUNT = "5";

    /** Higher than per account: an office or a mobile carrier puts many people behind one address. */
    static final String DEFAULT_LOGIN_PER_IP = "20";

    static final String DEFAULT_LOGIN_WINDOW = "1m";

    static final String DEFAULT_LOGIN_PATH = "/api/v1/auth/login";

    /** Without a proxy in front, X-Forwarded-For is whatever the client wrote: trust none by default. */
    static final String DEFAULT_TRUSTED_PROXIES = "0";

    /** A limiter must be faster than what it protects: a local Redis answers in well under a millisecond. */
    static final String DEFAULT_REDIS_TIMEOUT = "50ms";

    /**
     * When the breaker counts a call to Redis as failed: a reply not back in a second comes from a
     * Redis that is gone or frozen. A reply later than the request's {@code timeout} but within this is
     * usually the gateway itself being busy (its CPU saturated, a GC pause): that request is decided
     * locally, but the breaker is not told Redis failed, so a busy gateway does not switch every
     * instance's decisions to the local tier.
     */
    static final String DEFAULT_BREAKER_FAIL_AFTER = "1s";

    /**
     * The last 50 calls: a pause (GC, a starved CPU) that times out the dozen calls in flight at once
     * does not open the breaker; a dead Redis does, after calls that fail at once while it is
     * disconnected.
     */
    static final String DEFAULT_BREAKER_SLIDING_WINDOW = "50";

    static final String DEFAULT_BREAKER_MINIMUM_CALLS = "20";

    static final String DEFAULT_BREAKER_FAILURE_RATE = "50";

    /** Short: a probe costs one command off the request path, and Redis should be back in use soon. */
    static final String DEFAULT_BREAKER_WAIT_IN_OPEN = "1s";

    static final String DEFAULT_KEY_PREFIX = "bulkhead:rate-limit:";

    /**
     * A call to Redis takes up to 5 % of the caller's burst (see {@link Leases}): a burst of 20 (the
     * default) leases nothing, so every request asks Redis; a burst of 1,000 takes 50 tokens a call. A
     * lease can let a burst exceed the bucket by that much at most, or lose that much if unused.
     */
    static final String DEFAULT_LEASE_PERCENT = "5";

    /** However large the burst: a hundred requests per call already take Redis off the request path. */
    static final String DEFAULT_MAX_LEASE = "100";

    /** Leased tokens are spent within a second or lost: a lease is for a caller busy right now. */
    static final String DEFAULT_LEASE_TTL = "1s";

    /** One gateway, as the dev stack runs it: its local buckets hold whole limits. */
    static final String DEFAULT_LOCAL_INSTANCES = "1";

    /** Past this a share of a login limit (5 a minute) is far below one attempt per instance and minute. */
    static final int MAX_INSTANCES = 100;

    /** About 100 bytes a bucket: 100,000 callers cost ~10 MB, and the least recently seen go first. */
    static final String DEFAULT_LOCAL_MAX_BUCKETS = "100000";

    /**
     * A token bucket: {@code replenish} tokens every {@code period}, holding at most {@code burst}.
     *
     * @param replenish tokens added per period
     * @param period the period
     * @param burst the bucket's capacity: how many requests may come at once
     */
    record Rate(
            @Positive @DefaultValue(DEFAULT_REPLENISH) int replenish,

            @NotNull @DefaultValue(DEFAULT_PERIOD) @DurationUnit(ChronoUnit.SECONDS)
            Duration period,

            @Positive @DefaultValue(DEFAULT_BURST) int burst) {

        Rate {
            requirePositive(period, "period");
        }
    }

    /**
     * Login attempts: at most {@code perAccount} (and {@code perIp}) per {@code window}, all of them at
     * once if need be.
     *
     * @param path the login endpoint
     * @param perAccount attempts per account (the {@code email} of the body) and window
     * @param perIp attempts per client IP and window
     * @param window the window
     */
    record Login(
            @NotBlank @DefaultValue(DEFAULT_LOGIN_PATH) String path,

            @Positive @DefaultValue(DEFAULT_LOGIN_PER_ACCOUNT)
            int perAccount,

            @Positive @DefaultValue(DEFAULT_LOGIN_PER_IP) int perIp,

            @NotNull @DefaultValue(DEFAULT_LOGIN_WINDOW) @DurationUnit(ChronoUnit.SECONDS)
            Duration window) {

        Login {
            requirePositive(window, "login.window");
        }

        Rate account() {
            return new Rate(perAccount, window, perAccount);
        }

        Rate ip() {
            return new Rate(perIp, window, perIp);
        }
    }

    /**
     * @param trustedProxies how many proxies in front of the gateway append to {@code X-Forwarded-For};
     *     the client is the address that many entries from the right. 0 ignores the header.
     */
    record ClientIp(
            @PositiveOrZero @Max(10) @DefaultValue(DEFAULT_TRUSTED_PROXIES)
            int trustedProxies) {}

    /**
     * @param timeout how long a decision may wait for Redis before the local tier decides
     * @param breakerFailAfter how long Redis may take before the breaker counts the call as failed
     * @param keyPrefix prefix of every bucket's key
     * @param breakerSlidingWindow how many of the latest calls to Redis the breaker judges by
     * @param breakerMinimumCalls calls the breaker around Redis needs before judging it
     * @param breakerFailureRate percentage of failed (or timed-out) calls that opens it
     * @param breakerWaitInOpen how long it stays open before probing Redis again
     * @param leasePercent share of a caller's burst one call to Redis may take for its next requests on
     *     this instance (0: every request asks Redis)
     * @param maxLease the most tokens one call to Redis takes, whatever the burst
     * @param leaseTtl how long leased tokens may be spent before they are lost
     */
    record Shared(
            @NotNull @DefaultValue(DEFAULT_REDIS_TIMEOUT) @DurationUnit(ChronoUnit.MILLIS)
            Duration timeout,

            @NotNull @DefaultValue(DEFAULT_BREAKER_FAIL_AFTER) @DurationUnit(ChronoUnit.MILLIS)
            Duration breakerFailAfter,

            @NotBlank @DefaultValue(DEFAULT_KEY_PREFIX) String keyPrefix,

            @Min(1) @Max(1000) @DefaultValue(DEFAULT_BREAKER_SLIDING_WINDOW)
            int breakerSlidingWindow,

            @Min(1) @Max(1000) @DefaultValue(DEFAULT_BREAKER_MINIMUM_CALLS)
            int breakerMinimumCalls,

            @Min(1) @Max(100) @DefaultValue(DEFAULT_BREAKER_FAILURE_RATE)
            int breakerFailureRate,

            @NotNull @DefaultValue(DEFAULT_BREAKER_WAIT_IN_OPEN) @DurationUnit(ChronoUnit.MILLIS)
            Duration breakerWaitInOpen,

            @Min(0) @Max(50) @DefaultValue(DEFAULT_LEASE_PERCENT)
            int leasePercent,

            @Min(1) @Max(10_000) @DefaultValue(DEFAULT_MAX_LEASE)
            int maxLease,

            @NotNull @DefaultValue(DEFAULT_LEASE_TTL) @DurationUnit(ChronoUnit.MILLIS)
            Duration leaseTtl) {

        Shared {
            requirePositive(timeout, "shared.timeout");
            requirePositive(breakerFailAfter, "shared.breaker-fail-after");
            if (timeout != null && breakerFailAfter != null && breakerFailAfter.compareTo(timeout) < 0) {
                throw new IllegalArgumentException(
                        "bulkhead.gateway.rate-limit.shared.breaker-fail-after must not be below its timeout");
            }
            requirePositive(breakerWaitInOpen, "shared.breaker-wait-in-open");
            requirePositive(leaseTtl, "shared.lease-ttl");
        }

        /** How the breaker around Redis judges it; two trial calls, since Redis is back or it is not. */
        BreakerSettings breaker() {
            return new BreakerSettings(
                    breakerSlidingWindow, breakerMinimumCalls, breakerFailureRate, breakerWaitInOpen, 2);
        }
    }

    /**
     * @param maxBuckets how many callers' buckets one instance keeps
     * @param instances the most gateway instances that run at once: while Redis is away each one admits
     *     this share of every limit (1/instances of its burst and of its rate), so that all of them
     *     together admit no more than one limit. Set it to the most replicas the gateway scales to; fewer
     *     running instances then admit less than a limit during the outage, never more.
     */
    record Local(
            @Min(100) @DefaultValue(DEFAULT_LOCAL_MAX_BUCKETS)
            int maxBuckets,

            @Min(1) @Max(MAX_INSTANCES) @DefaultValue(DEFAULT_LOCAL_INSTANCES)
            int instances) {}

    /** The longest a bucket takes to fill up: after that, an unused bucket is as good as a new one. */
    Duration longestRefill() {
        return List.of(user, anonymous, login.account(), login.ip()).stream()
                .map(Limit::refillTimeOf)
                .max(Duration::compareTo)
                .orElseThrow();
    }

    private static void requirePositive(Duration value, String name) {
        if (value != null && (value.isZero() || value.isNegative())) {
            throw new IllegalArgumentException(
                    "bulkhead.gateway.rate-limit." + name + " must be positive, was " + value);
        }
    }
}
