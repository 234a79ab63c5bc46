package dev.bulkhead.resilience.tokencache;

import dev.bulkhead.resilience.BreakerSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code bulkhead.security.token-cache.*} settings. Each default is a named constant with its
 * reason.
 *
 * @param enabled whether verified tokens are cached at all
 * @param localMaxEntries bound of the in-process tier
 * @param maxTtl the longest an entry lives in either tier; never longer than its token anyway
 * @param redisTimeout the most a request waits for Redis
 * @param keyPrefix prefix of the cached-token keys in Redis
 * @param revocationsKey the Redis sorted set of revoked token ids (score: their expiry)
 * @param revocationsChannel the Redis pub/sub channel a revocation is announced on
 * @param breakerMinimumCalls calls the Redis breaker judges before it may open
 * @param breakerFailureRate failure percentage that opens the Redis breaker
 * @param breakerWaitInOpen how long the breaker stays open before it probes Redis again
 */
@ConfigurationProperties(TokenCacheProperties.PREFIX)
@Validated
public record TokenCacheProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @DefaultValue(DEFAULT_LOCAL_MAX_ENTRIES) int localMaxEntries,
        @NotNull @DefaultValue(DEFAULT_MAX_TTL) Duration maxTtl,
        @NotNull @DefaultValue(DEFAULT_REDIS_TIMEOUT) Duration redisTimeout,
        @NotBlank @DefaultValue(DEFAULT_KEY_PREFIX) String keyPrefix,
        @NotBlank @DefaultValue(DEFAULT_REVOCATIONS_KEY) String revocationsKey,
        @NotBlank @DefaultValue(DEFAULT_REVOCATIONS_CHANNEL) String revocationsChannel,
        @Min(1) @DefaultValue(DEFAULT_BREAKER_MINIMUM_CALLS) int breakerMinimumCalls,

        @Min(1) @Max(100) @DefaultValue(DEFAULT_BREAKER_FAILURE_RATE)
        int breakerFailureRate,

        @NotNull @DefaultValue(DEFAULT_BREAKER_WAIT_IN_OPEN) Duration breakerWaitInOpen) {

    /** Prefix of every token cache setting. */
    public static final String PREFIX = "bulkhead.security.token-cache";

    /** ~1 KB per entry: 100 MB at most, and more active tokens than one gateway instance sees in 15 minutes. */
    public static final String DEFAULT_LOCAL_MAX_ENTRIES = "100000";

    /** The longest access token auth-service issues; entries also expire with their token. */
    public static final String DEFAULT_MAX_TTL = "15m";

    /**
     * A Redis GET on the same network answers in about a millisecond; 50 ms is a stalled Redis, and
     * verifying the signature locally (well under a millisecond) is better than waiting longer.
     */
    public static final String DEFAULT_REDIS_TIMEOUT = "50ms";

    /** Keys are {@code <prefix><sha-256 of the token, hex>}: no token is ever written to Redis. */
    public static final String DEFAULT_KEY_PREFIX = "bulkhead:token:";

    /** The denylist every instance reads on start, so revocations survive an auth-service outage. */
    public static final String DEFAULT_REVOCATIONS_KEY = "bulkhead:revocations";

    /** Where auth-service announces a logout to every instance at once. */
    public static final String DEFAULT_REVOCATIONS_CHANNEL = "bulkhead:revocations";

    /** Ten calls: a lone slow command does not open it, a dead Redis does within a few requests. */
    public static final String DEFAULT_BREAKER_MINIMUM_CALLS = "10";

    /** Half the calls failing is no longer a hiccup. */
    public static final String DEFAULT_BREAKER_FAILURE_RATE = "50";

    /** Probe a second later: the shared tier is back within a second or two of Redis. */
    public static final String DEFAULT_BREAKER_WAIT_IN_OPEN = "1s";

    /** The breaker judges Redis on its last 20 calls (at least the minimum): a trend, not one slow command. */
    public static final int BREAKER_SLIDING_WINDOW = 20;

    /** Two trial calls: Redis is either back or not, there is no partial recovery to measure. */
    public static final int BREAKER_HALF_OPEN_CALLS = 2;

    public TokenCacheProperties {
        if (maxTtl != null && (maxTtl.isZero() || maxTtl.isNegative())) {
            throw new IllegalArgumentException(PREFIX + ".max-ttl must be positive, was " + maxTtl);
        }
        if (redisTimeout != null && (redisTimeout.isZero() || redisTimeout.isNegative())) {
            throw new IllegalArgumentException(PREFIX + ".redis-timeout must be positive, was " + redisTimeout);
        }
    }

    /** @return how the breaker around Redis judges it */
    public BreakerSettings breaker() {
        return new BreakerSettings(
                BREAKER_SLIDING_WINDOW,
                breakerMinimumCalls,
                breakerFailureRate,
                breakerWaitInOpen,
                BREAKER_HALF_OPEN_CALLS);
    }

    /** @return the defaults, for tests and tools */
    public static TokenCacheProperties defaults() {
        return new TokenCacheProperties(
                true,
                Integer.parseInt(DEFAULT_LOCAL_MAX_ENTRIES),
                Duration.ofMinutes(15),
                Duration.ofMillis(50),
                DEFAULT_KEY_PREFIX,
                DEFAULT_REVOCATIONS_KEY,
                DEFAULT_REVOCATIONS_CHANNEL,
                Integer.parseInt(DEFAULT_BREAKER_MINIMUM_CALLS),
                Integer.parseInt(DEFAULT_BREAKER_FAILURE_RATE),
                Duration.ofSeconds(1));
    }
}
