package dev.bulkhead.resilience.tokencache;

import dev.bulkhead.resilience.tokencache.internal.RedisSharedTier;
import dev.bulkhead.resilience.tokencache.internal.SharedTier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The publishing side of the denylist's fast path, for auth-service: after a logout commits, the
 * token id goes onto the shared Redis set and out on the channel every gateway instance listens to.
 * Never fails the caller: Redis being down only means the instances learn it from their next read of
 * auth-service instead (within {@code poll-interval} + one read); the failure is logged.
 */
public final class RevocationFanout {

    private static final Logger log = LoggerFactory.getLogger(RevocationFanout.class);

    private final SharedTier shared;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param shared the Redis tier
     * @param timeout the longest an announcement may hold up the caller
     * @param clock the time expired entries are trimmed by
     */
    public RevocationFanout(SharedTier shared, Duration timeout, Clock clock) {
        this.shared = shared;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * A fan-out onto Redis, built as auth-service's is, for code outside the auto-configuration (tests
     * that play auth-service, tools).
     *
     * @param redis the connection to the Redis every gateway instance reads
     * @param revocationsKey the sorted set of revoked token ids
     * @param revocationsChannel the channel a revocation is announced on
     * @param retention how long an entry stays in the set (the longest token lifetime and clock skew)
     * @param timeout the longest an announcement may hold up the caller
     * @param clock the time expired entries are trimmed by
     * @return the fan-out
     */
    public static RevocationFanout overRedis(
            ReactiveStringRedisTemplate redis,
            String revocationsKey,
            String revocationsChannel,
            Duration retention,
            Duration timeout,
            Clock clock) {
        return new RevocationFanout(
                new RedisSharedTier(redis, revocationsKey, revocationsChannel, retention), timeout, clock);
    }

    /**
     * Announces a revocation; waits at most the timeout.
     *
     * @param jti the revoked token's id
     * @param expiresAt its {@code exp}
     * @return whether Redis took it
     */
    public boolean announce(String jti, Instant expiresAt) {
        try {
            shared.revoke(jti, expiresAt, clock.instant()).timeout(timeout).block();
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "Could not announce the revocation of {} on Redis ({}); instances learn it from"
                            + " auth-service's denylist instead",
                    jti,
                    e.toString());
            return false;
        }
    }
}
