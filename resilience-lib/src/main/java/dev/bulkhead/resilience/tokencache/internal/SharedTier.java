package dev.bulkhead.resilience.tokencache.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the token cache needs of Redis, unguarded: {@link GuardedCalls} adds the timeout and the
 * breaker. {@link RedisSharedTier} in an application, a fake in unit tests.
 */
public interface SharedTier {

    /** @return the cached value, or empty */
    Mono<String> get(String key);

    /** Caches {@code value} for {@code ttl}. */
    Mono<Void> set(String key, String value, Duration ttl);

    /** Puts {@code jti} on the shared denylist until {@code expiresAt} and announces it to every instance. */
    Mono<Void> revoke(String jti, Instant expiresAt, Instant now);

    /** @return every revocation on the shared denylist that has not expired at {@code now} */
    Mono<Map<String, Instant>> revoked(Instant now);

    /** @return the announcements, as {@link #announcement} wrote them, as long as the subscription lasts */
    Flux<String> announcements();

    /** The text of one announcement: {@code <jti> <expiry, epoch milliseconds>}. */
    static String announcement(String jti, Instant expiresAt) {
        return jti + " " + expiresAt.toEpochMilli();
    }
}
