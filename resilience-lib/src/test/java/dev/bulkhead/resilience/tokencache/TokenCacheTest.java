package dev.bulkhead.resilience.tokencache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.bulkhead.resilience.tokencache.internal.GuardedCalls;
import dev.bulkhead.testsupport.time.MovableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** The cache's timing on a clock the test moves: nothing is served after its token's {@code exp}. */
class TokenCacheTest {

    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final FakeSharedTier redis = new FakeSharedTier(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger verified = new AtomicInteger();

    private TokenCache cache(TokenCacheProperties settings, CircuitBreaker breaker) {
        // The stand-in Redis answers at once: on the caller's thread, what the cache wrote is there when it returns.
        return new TokenCache(
                settings,
                redis,
                new GuardedCalls(breaker, Duration.ofMillis(50), meters, Schedulers.immediate()),
                clock,
                meters);
    }

    private TokenCache cache() {
        return cache(TokenCacheProperties.defaults(), CircuitBreaker.ofDefaults("test"));
    }

    private JWTClaimsSet claims(Duration life) {
        return new JWTClaimsSet.Builder()
                .subject(UUID.randomUUID().toString())
                .jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(START.plus(life)))
                .build();
    }

    private JWTClaimsSet lookUp(TokenCache cache, String token, JWTClaimsSet claims) throws Exception {
        return cache.claims(token, () -> {
            verified.incrementAndGet();
            return claims;
        });
    }

    @Test
    void servesAnEntryUntilItsTokenExpiresAndNotAMillisecondLonger() throws Exception {
        TokenCache cache = cache();
        JWTClaimsSet claims = claims(Duration.ofMinutes(2));

        lookUp(cache, "token-a", claims);
        clock.advance(Duration.ofMinutes(2).minusMillis(1));
        assertThat(lookUp(cache, "token-a", claims).getSubject()).isEqualTo(claims.getSubject());
        assertThat(verified).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        lookUp(cache, "token-a", claims);
        assertThat(verified)
                .as("verified again at exp, in neither tier any more")
                .hasValue(2);
    }

    @Test
    void capsAnEntryAtMaxTtlWhateverTheTokenSays() throws Exception {
        TokenCache cache = cache();
        JWTClaimsSet longLived = claims(Duration.ofHours(2));

        lookUp(cache, "token-b", longLived);
        FakeSharedTier.Value inRedis = redis.values.get(cache.sharedKey("token-b"));
        assertThat(inRedis.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(15)));

        clock.advance(Duration.ofMinutes(15));
        lookUp(cache, "token-b", longLived);
        assertThat(verified).hasValue(2);
    }

    @Test
    void neverCachesATokenThatHasExpiredOrHasNoExpiry() throws Exception {
        TokenCache cache = cache();
        JWTClaimsSet noExp = new JWTClaimsSet.Builder().subject("x").build();

        lookUp(cache, "token-c", noExp);
        lookUp(cache, "token-c", noExp);

        assertThat(verified).hasValue(2);
        assertThat(redis.values).isEmpty();
        assertThat(cache.localSize()).isZero();
    }

    @Test
    void anotherInstanceFindsTheTokenInRedisWithTheSameExpiry() throws Exception {
        JWTClaimsSet claims = claims(Duration.ofMinutes(5));
        lookUp(cache(), "token-d", claims);

        TokenCache other = cache();
        JWTClaimsSet fromRedis = lookUp(other, "token-d", claims);

        assertThat(verified).hasValue(1);
        assertThat(fromRedis.getSubject()).isEqualTo(claims.getSubject());
        assertThat(meters.counter(TokenCache.LOOKUPS, "tier", "shared", "result", "hit")
                        .count())
                .isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        lookUp(other, "token-d", claims);
        assertThat(verified).hasValue(2);
    }

    @Test
    void withRedisDownVerifiesLocallyAndStopsAskingRedisOnceTheBreakerOpens() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of(
                "redis",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(4)
                        .minimumNumberOfCalls(4)
                        .waitDurationInOpenState(Duration.ofMinutes(1))
                        .build());
        TokenCache cache = cache(TokenCacheProperties.defaults(), breaker);
        redis.down = true;

        for (int i = 0; i < 10; i++) {
            assertThat(lookUp(cache, "token-" + i, claims(Duration.ofMinutes(1))))
                    .isNotNull();
        }

        assertThat(verified).hasValue(10);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(meters.counter(GuardedCalls.FALLBACKS, "operation", "get", "reason", "breaker-open")
                        .count())
                .isPositive();
        // The local tier still serves what it verified.
        lookUp(cache, "token-3", claims(Duration.ofMinutes(1)));
        assertThat(verified).hasValue(10);
    }

    @Test
    void aRefusedTokenIsNeverCached() throws Exception {
        TokenCache cache = cache();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.claims("forged", () -> {
                        verified.incrementAndGet();
                        throw new BadJOSEException("bad signature");
                    }))
                    .isInstanceOf(BadJOSEException.class);
        }

        assertThat(verified).hasValue(2);
        assertThat(redis.values).isEmpty();
    }
}
