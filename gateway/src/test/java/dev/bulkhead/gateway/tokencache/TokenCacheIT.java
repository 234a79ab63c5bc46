package dev.bulkhead.gateway.tokencache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.gateway.StandInServices;
import dev.bulkhead.localservers.TcpProxy;
import dev.bulkhead.resilience.tokencache.RevocationFanout;
import dev.bulkhead.resilience.tokencache.TokenCache;
import dev.bulkhead.resilience.tokencache.TokenCacheProperties;
import dev.bulkhead.resilience.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import dev.bulkhead.testsupport.Infrastructure;
import dev.bulkhead.testsupport.tokens.StandInAuth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The token cache in the gateway, against real faults: Redis cut by a TCP proxy during traffic (the
 * shared Redis itself is never touched), the stand-in auth-service stopped, and a logout seen by two
 * gateway instances. Every figure the docs quote is printed here.
 */
class TokenCacheIT {

    private static final Duration BACK_IN_USE_BOUND = Duration.ofSeconds(5);
    /** The stated bound for a logout to reach every instance while Redis is up (pub/sub). */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(1);

    private static final Infrastructure.Redis REDIS = Infrastructure.get().redis();
    private static final StandInServices downstreams = StandInServices.start();
    private static final RedisClient direct = RedisClient.create(RedisURI.builder()
            .withHost(REDIS.host())
            .withPort(REDIS.port())
            .withDatabase(REDIS.database())
            .build());
    private static final StatefulRedisConnection<String, String> connection = direct.connect();

    @AfterAll
    static void stop() {
        connection.close();
        direct.shutdown();
        downstreams.close();
    }

    /** Properties that keep this test's keys and channel apart from anyone else's on the shared Redis. */
    private static Map<String, Object> isolated(String run) {
        return Map.of(
                "bulkhead.security.token-cache.key-prefix", "test:" + run + ":token:",
                "bulkhead.security.token-cache.revocations-key", "test:" + run + ":revocations",
                "bulkhead.security.token-cache.revocations-channel", "test:" + run + ":revocations",
                "bulkhead.security.revocations.poll-interval", "300ms");
    }

    @Test
    void keepsUsersLoggedInWithoutRedisAndUsesRedisAgainWithinFiveSeconds() throws Exception {
        String run = UUID.randomUUID().toString();
        try (StandInAuth auth = StandInAuth.start();
                TcpProxy proxy = TcpProxy.start(REDIS.host(), REDIS.port());
                GatewayInstance gateway = GatewayInstance.start(auth, downstreams, proxy.port(), isolated(run))) {
            TokenCache cache = gateway.bean(TokenCache.class);
            CircuitBreaker breaker =
                    gateway.bean(CircuitBreakerRegistry.class).circuitBreaker(TokenCacheAutoConfiguration.BREAKER);

            // Warm-up, then the baseline: every request with a token never seen (the costliest case:
            // both tiers miss, the signature is verified, the result is written to Redis).
            measure(gateway, freshTokens(auth, 100));
            long[] baseline = measure(gateway, freshTokens(auth, 200));
            String seen = auth.user();
            assertThat(gateway.get(seen)).isEqualTo(200);
            assertThat(connection.sync().exists(cache.sharedKey(seen)))
                    .as("in Redis")
                    .isEqualTo(1L);

            proxy.cut();
            long cutAt = System.nanoTime();
            List<String> cutTokens = freshTokens(auth, 40);
            for (String token : cutTokens) {
                assertThat(gateway.get(token))
                        .as("a valid token while Redis goes away")
                        .isEqualTo(200);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            long openAfter = (System.nanoTime() - cutAt) / 1_000_000;

            long[] open = measure(gateway, freshTokens(auth, 200));
            assertThat(gateway.get(seen)).as("a token verified before the cut").isEqualTo(200);
            for (String forged : forged(auth)) {
                assertThat(gateway.get(forged)).as("forged, Redis down").isEqualTo(401);
            }
            long added = p99(open) - p99(baseline);
            System.out.printf(
                    "[token-cache] fresh token per request: p50/p90/p99 with Redis %.1f/%.1f/%.1f ms, breaker open"
                            + " (after %d ms) %.1f/%.1f/%.1f ms, added p99 %.1f ms%n",
                    p50(baseline) / 1e6,
                    p90(baseline) / 1e6,
                    p99(baseline) / 1e6,
                    openAfter,
                    p50(open) / 1e6,
                    p90(open) / 1e6,
                    p99(open) / 1e6,
                    added / 1e6);
            // Once the breaker is open no request waits for Redis. One that did would take the whole Redis
            // timeout more, so the typical request must add less than half of it, and the p90 (which one in
            // ten waiting requests would reach) less than all of it. A p99 of 200 requests is not asserted:
            // with another module's tests on the same two cores it moved between -64 and +43 ms from run to
            // run, the baseline's own p99 between 30 and 112 ms.
            Duration redisTimeout = gateway.bean(TokenCacheProperties.class).redisTimeout();
            assertThat(Duration.ofNanos(p50(open) - p50(baseline)))
                    .as("added p50, breaker open")
                    .isLessThan(redisTimeout.dividedBy(2));
            assertThat(Duration.ofNanos(p90(open) - p90(baseline)))
                    .as("added p90, breaker open")
                    .isLessThan(redisTimeout);

            proxy.resume();
            long restoredAt = System.nanoTime();
            String probe;
            do {
                Thread.sleep(50);
                probe = auth.user();
                assertThat(gateway.get(probe)).isEqualTo(200);
            } while (connection.sync().exists(cache.sharedKey(probe)) == 0
                    && System.nanoTime() - restoredAt < BACK_IN_USE_BOUND.toNanos());
            Duration back = Duration.ofNanos(System.nanoTime() - restoredAt);
            System.out.printf("[token-cache] Redis back: shared tier written again after %d ms%n", back.toMillis());
            assertThat(connection.sync().exists(cache.sharedKey(probe))).isEqualTo(1L);
            assertThat(back).isLessThanOrEqualTo(BACK_IN_USE_BOUND);
        }
    }

    @Test
    void withAuthServiceDownKeepsTheKeysAndTheDenylistWithAndWithoutRedisThenFailsClosed() throws Exception {
        String run = UUID.randomUUID().toString();
        Duration maxStaleness = Duration.ofSeconds(8);
        Map<String, Object> properties = new java.util.HashMap<>(isolated(run));
        properties.put("bulkhead.security.revocations.max-staleness", maxStaleness.toMillis() + "ms");
        properties.put("bulkhead.security.revocations.fail-closed", true);
        StandInAuth auth = StandInAuth.start();
        try (TcpProxy proxy = TcpProxy.start(REDIS.host(), REDIS.port());
                GatewayInstance gateway = GatewayInstance.start(auth, downstreams, proxy.port(), properties)) {
            CircuitBreaker breaker =
                    gateway.bean(CircuitBreakerRegistry.class).circuitBreaker(TokenCacheAutoConfiguration.BREAKER);
            String revoked = auth.user();
            assertThat(gateway.get(revoked)).isEqualTo(200);
            auth.revoke(revoked);
            eventually(Duration.ofSeconds(3), () -> gateway.get(revoked) == 401);
            List<String> valid = freshTokens(auth, 30);
            List<String> forged = forged(auth);

            auth.close(); // auth-service down: no JWKS, no denylist
            long downAt = System.nanoTime();
            assertThat(gateway.get(valid.get(0)))
                    .as("valid, auth down, Redis up")
                    .isEqualTo(200);
            assertThat(gateway.get(revoked))
                    .as("revoked before, auth down, Redis up")
                    .isEqualTo(401);
            for (String token : forged) {
                assertThat(gateway.get(token)).as("forged, auth down, Redis up").isEqualTo(401);
            }

            proxy.cut();
            for (String token : valid.subList(1, valid.size())) {
                assertThat(gateway.get(token)).as("valid, auth and Redis down").isEqualTo(200);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(gateway.get(auth.user()))
                    .as("a new valid token, auth and Redis down")
                    .isEqualTo(200);
            assertThat(gateway.get(revoked))
                    .as("revoked before, auth and Redis down")
                    .isEqualTo(401);
            for (String token : forged) {
                assertThat(gateway.get(token)).as("forged, auth and Redis down").isEqualTo(401);
            }
            long checkedAfter = (System.nanoTime() - downAt) / 1_000_000;
            assertThat(Duration.ofMillis(checkedAfter))
                    .as("all of the above within max-staleness")
                    .isLessThan(maxStaleness);

            // Past max-staleness with fail-closed=true: refused.
            String stillValid = valid.get(0);
            eventually(maxStaleness.plusSeconds(3), () -> gateway.get(stillValid) == 401);
            long refusedAfter = (System.nanoTime() - downAt) / 1_000_000;
            System.out.printf(
                    "[token-cache] auth down: checks done after %d ms; fail-closed refused after %d ms"
                            + " (max-staleness %d ms + up to one poll interval)%n",
                    checkedAfter, refusedAfter, maxStaleness.toMillis());
            assertThat(refusedAfter).isGreaterThanOrEqualTo(maxStaleness.toMillis() - 400);
        }
    }

    @Test
    void aLogoutIsRefusedByEveryInstanceWithinTheBound() throws Exception {
        String run = UUID.randomUUID().toString();
        Map<String, Object> properties = new java.util.HashMap<>(isolated(run));
        // auth-service's denylist is read only every 30 s here: what the test sees is the Redis fan-out.
        properties.put("bulkhead.security.revocations.poll-interval", "30s");
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(REDIS.host(), REDIS.port()) {
                    {
                        setDatabase(REDIS.database());
                    }
                });
        factory.afterPropertiesSet();
        factory.start();
        try (StandInAuth auth = StandInAuth.start();
                GatewayInstance first = GatewayInstance.start(auth, downstreams, REDIS.port(), properties);
                GatewayInstance second = GatewayInstance.start(auth, downstreams, REDIS.port(), properties)) {
            // auth-service's side of a logout: the denylist row, then the announcement.
            RevocationFanout logout = RevocationFanout.overRedis(
                    new ReactiveStringRedisTemplate(factory),
                    "test:" + run + ":revocations",
                    "test:" + run + ":revocations",
                    Duration.ofMinutes(16),
                    Duration.ofSeconds(1),
                    Clock.systemUTC());
            List<Long> bounds = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                String token = auth.user();
                assertThat(first.get(token)).isEqualTo(200);
                assertThat(second.get(token)).isEqualTo(200); // cached on both instances now

                String jti = com.nimbusds.jwt.SignedJWT.parse(token)
                        .getJWTClaimsSet()
                        .getJWTID();
                auth.revoke(token);
                long loggedOutAt = System.nanoTime();
                assertThat(logout.announce(jti, Instant.now().plus(Duration.ofMinutes(5))))
                        .isTrue();
                long firstAt = awaitRefused(first, token, loggedOutAt);
                long secondAt = awaitRefused(second, token, loggedOutAt);
                bounds.add(Math.max(firstAt, secondAt));
            }
            long worst = bounds.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf(
                    "[token-cache] logout refused on both instances after %s ms (worst %d ms, bound %d ms)%n",
                    bounds, worst, REVOCATION_BOUND.toMillis());
            assertThat(Duration.ofMillis(worst)).isLessThanOrEqualTo(REVOCATION_BOUND);
        } finally {
            factory.destroy();
        }
    }

    /** Milliseconds from the logout until the instance refuses the token; fails past twice the bound. */
    private static long awaitRefused(GatewayInstance gateway, String token, long loggedOutAt) throws Exception {
        while (gateway.get(token) != 401) {
            assertThat(System.nanoTime() - loggedOutAt)
                    .isLessThan(REVOCATION_BOUND.multipliedBy(2).toNanos());
            Thread.sleep(5);
        }
        return (System.nanoTime() - loggedOutAt) / 1_000_000;
    }

    private static void eventually(Duration within, IntSupplierCondition condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.met()) {
            assertThat(System.nanoTime()).as("within " + within).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    private interface IntSupplierCondition {
        boolean met() throws Exception;
    }

    private static List<String> freshTokens(StandInAuth auth, int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(auth.user());
        }
        return tokens;
    }

    private static List<String> forged(StandInAuth auth) {
        return auth.attacks().map(arguments -> (String) arguments.get()[1]).toList();
    }

    /** Each request's latency in nanoseconds, sorted; every request must pass. */
    private static long[] measure(GatewayInstance gateway, List<String> tokens) {
        long[] latencies = new long[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            long started = System.nanoTime();
            int status = gateway.get(tokens.get(i));
            latencies[i] = System.nanoTime() - started;
            assertThat(status).isEqualTo(200);
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static long p99(long[] sorted) {
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    private static long p90(long[] sorted) {
        return sorted[(int) Math.ceil(sorted.length * 0.9) - 1];
    }

    private static long p50(long[] sorted) {
        return sorted[sorted.length / 2];
    }
}
