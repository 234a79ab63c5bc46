package dev.bulkhead.resilience.tokencache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.bulkhead.resilience.security.TokenVerification;
import dev.bulkhead.resilience.tokencache.internal.GuardedCalls;
import dev.bulkhead.resilience.tokencache.internal.RedisSharedTier;
import dev.bulkhead.resilience.tokencache.internal.SharedTier;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;

/**
 * Verified tokens, so that a signature is checked once per token rather than once per request: a
 * bounded in-process tier (Caffeine) in front of a shared Redis tier every instance reads.
 *
 * <p>The key is the SHA-256 of the token (no token is stored anywhere); the value is its claims,
 * as the signature check returned them. Only the signature check is cached: every request still
 * checks the claims ({@code exp}, {@code iss}, {@code aud}...) and the denylist, so a revocation
 * takes effect at once, whatever is cached. An entry lives until its token expires, capped at
 * {@code max-ttl}, in both tiers, and is never returned after that (checked against the injected
 * clock on every read, not only by eviction).
 *
 * <p>Redis is asked only while its breaker is closed and for at most {@code redis-timeout}; a
 * failure, a timeout or an open breaker means the token's signature is verified locally against the
 * cached JWKS, as without a cache. Writes to Redis never hold up a request.
 */
public final class TokenCache {

    /** Cache lookups, by {@code tier} (local, shared) and {@code result} (hit, miss). */
    public static final String LOOKUPS = "bulkhead.token.cache";

    /** Name of the circuit breaker around the Redis tier (in the registry, metrics and health). */
    public static final String REDIS_BREAKER = "token-cache-redis";

    /** Counter of lookups that went on without Redis, tagged by operation and reason. */
    public static final String REDIS_FALLBACKS = GuardedCalls.FALLBACKS;

    private static final Logger log = LoggerFactory.getLogger(TokenCache.class);

    private final Cache<String, Entry> local;
    private final SharedTier shared;
    private final GuardedCalls guard;
    private final Clock clock;
    private final Duration maxTtl;
    private final String keyPrefix;
    private final Counter localHits;
    private final Counter localMisses;
    private final Counter sharedHits;
    private final Counter sharedMisses;

    /** What a tier holds: the claims and when the entry dies (at the latest its token's {@code exp}). */
    private record Entry(JWTClaimsSet claims, Instant expiresAt) {}

    /** The expensive check the cache saves: signature (and key lookup) of one token. */
    @FunctionalInterface
    public interface Verifier {
        JWTClaimsSet verify() throws BadJOSEException, JOSEException;
    }

    /**
     * @param settings the settings
     * @param shared the Redis tier, or null for a local tier only
     * @param guard timeout and breaker around {@code shared}; null when {@code shared} is
     * @param clock decides when entries expire
     * @param meters where lookups are counted, or null
     */
    public TokenCache(
            TokenCacheProperties settings, SharedTier shared, GuardedCalls guard, Clock clock, MeterRegistry meters) {
        if ((shared == null) != (guard == null)) {
            throw new IllegalArgumentException("a shared tier needs its guard, and only then");
        }
        this.shared = shared;
        this.guard = guard;
        this.clock = clock;
        this.maxTtl = settings.maxTtl();
        this.keyPrefix = settings.keyPrefix();
        this.local = Caffeine.newBuilder()
                .maximumSize(settings.localMaxEntries())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<String, Entry>creating(
                        (key, entry) -> Duration.between(clock.instant(), entry.expiresAt())))
                .build();
        this.localHits = counter(meters, "local", "hit");
        this.localMisses = counter(meters, "local", "miss");
        this.sharedHits = counter(meters, "shared", "hit");
        this.sharedMisses = counter(meters, "shared", "miss");
    }

    /**
     * A cache with both tiers, built as the auto-configuration builds it (its breaker
     * {@value #REDIS_BREAKER} judged by {@link TokenCacheProperties#breaker()}), for
     * code outside the auto-configuration: benchmarks and tools.
     *
     * @param settings the settings, Redis keys included
     * @param redis the connection to the shared tier
     * @param revocationRetention how long a revoked token id stays in the shared denylist
     * @param clock decides when entries expire
     * @param meters where lookups and Redis fallbacks ({@value #REDIS_FALLBACKS}) are counted, or null
     * @return the cache
     */
    public static TokenCache overRedis(
            TokenCacheProperties settings,
            ReactiveStringRedisTemplate redis,
            Duration revocationRetention,
            Clock clock,
            MeterRegistry meters) {
        CircuitBreaker breaker = CircuitBreaker.of(
                REDIS_BREAKER, settings.breaker().configBuilder().build());
        return new TokenCache(
                settings,
                new RedisSharedTier(
                        redis, settings.revocationsKey(), settings.revocationsChannel(), revocationRetention),
                new GuardedCalls(breaker, settings.redisTimeout(), meters),
                clock,
                meters);
    }

    /**
     * The claims of {@code token}: from a tier if it holds them, else from {@code verify}, which is
     * then remembered in both tiers.
     *
     * @param token the compact serialisation
     * @param verify the signature check, run only on a miss in both tiers
     * @return the verified claims
     * @throws BadJOSEException if {@code verify} refuses the token
     * @throws JOSEException if {@code verify} cannot check it (keys unavailable)
     */
    public JWTClaimsSet claims(String token, Verifier verify) throws BadJOSEException, JOSEException {
        String key = key(token);
        Instant now = clock.instant();
        JWTClaimsSet held = held(key, now);
        if (held != null) {
            return held;
        }
        increment(localMisses);
        if (shared != null) {
            JWTClaimsSet fromRedis = fromShared(key, now);
            if (fromRedis != null) {
                return fromRedis;
            }
        }
        JWTClaimsSet verified = verify.verify();
        remember(key, verified, now);
        return verified;
    }

    /** The claims of {@code token} if the local tier holds them: no Redis, no verification, no blocking. */
    private JWTClaimsSet atHand(String token) {
        return held(key(token), clock.instant());
    }

    /** The local tier's entry for {@code key} while it is valid at {@code now}, counted as a hit; else null. */
    private JWTClaimsSet held(String key, Instant now) {
        Entry cached = local.getIfPresent(key);
        if (cached != null && now.isBefore(cached.expiresAt())) {
            increment(localHits);
            return cached.claims();
        }
        return null;
    }

    /**
     * A processor that consults this cache before {@code verifying}: the one the servlet decoder and
     * the reactive decoder of {@code TokenVerification} use when the cache is on.
     *
     * @param verifying the signature check, e.g. {@code TokenVerification.processor(...)}
     * @return the caching processor
     */
    public JWTProcessor<SecurityContext> around(JWTProcessor<SecurityContext> verifying) {
        return new CachingProcessor(this, verifying);
    }

    /** @return the entries in the local tier (for diagnostics and tests) */
    public long localSize() {
        local.cleanUp();
        return local.estimatedSize();
    }

    /** @return the Redis key a token is cached under */
    public String sharedKey(String token) {
        return keyPrefix + key(token);
    }

    private JWTClaimsSet fromShared(String key, Instant now) {
        if (!guard.closed()) {
            guard.fellBack("get", "breaker-open");
            guard.inBackground(shared.get(keyPrefix + key), "get"); // lets the breaker see Redis come back
            return null;
        }
        String json = guard.call(shared.get(keyPrefix + key), "get").block();
        if (json == null) {
            increment(sharedMisses);
            return null;
        }
        try {
            JWTClaimsSet claims = JWTClaimsSet.parse(json);
            Instant expiresAt = expiresAt(claims, now);
            if (expiresAt == null) {
                increment(sharedMisses);
                return null;
            }
            increment(sharedHits);
            local.put(key, new Entry(claims, expiresAt));
            return claims;
        } catch (ParseException e) {
            log.warn("Token cache: unreadable entry in Redis ({}); verifying the token instead", e.getMessage());
            increment(sharedMisses);
            return null;
        }
    }

    private void remember(String key, JWTClaimsSet claims, Instant now) {
        Instant expiresAt = expiresAt(claims, now);
        if (expiresAt == null) {
            return;
        }
        local.put(key, new Entry(claims, expiresAt));
        if (shared != null) {
            Mono<Void> write = shared.set(keyPrefix + key, claims.toString(), Duration.between(now, expiresAt));
            if (guard.closed()) {
                guard.call(write, "set").subscribe();
            } else {
                guard.fellBack("set", "breaker-open");
            }
        }
    }

    /** Until the token's {@code exp}, at most {@code max-ttl} from now; null if it is not to be cached. */
    private Instant expiresAt(JWTClaimsSet claims, Instant now) {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return null;
        }
        Instant until = exp.toInstant();
        Instant cap = now.plus(maxTtl);
        if (until.isAfter(cap)) {
            until = cap;
        }
        // Redis TTLs are whole milliseconds: an entry that would live less than one is not worth it.
        return Duration.between(now, until).toMillis() >= 1 ? until : null;
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Counter counter(MeterRegistry meters, String tier, String result) {
        if (meters == null) {
            return null;
        }
        return Counter.builder(LOOKUPS)
                .description("Token cache lookups by tier and result")
                .tag("tier", tier)
                .tag("result", result)
                .register(meters);
    }

    private static void increment(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    /**
     * Signed tokens go through the cache; anything else straight to the verifying processor. The local
     * tier is also offered to the reactive decoder, which asks it before leaving the event loop.
     */
    private record CachingProcessor(TokenCache cache, JWTProcessor<SecurityContext> verifying)
            implements JWTProcessor<SecurityContext>, TokenVerification.ClaimsAtHand {

        @Override
        public JWTClaimsSet claimsAtHand(JWT token) {
            if (token instanceof SignedJWT signed && signed.getParsedString() != null) {
                return cache.atHand(signed.getParsedString());
            }
            return null;
        }

        @Override
        public JWTClaimsSet process(String token, SecurityContext context)
                throws ParseException, BadJOSEException, JOSEException {
            return process(JWTParser.parse(token), context);
        }

        @Override
        public JWTClaimsSet process(JWT token, SecurityContext context) throws BadJOSEException, JOSEException {
            if (token instanceof SignedJWT signed) {
                return process(signed, context);
            }
            return verifying.process(token, context);
        }

        @Override
        public JWTClaimsSet process(PlainJWT token, SecurityContext context) throws BadJOSEException, JOSEException {
            return verifying.process(token, context);
        }

        @Override
        public JWTClaimsSet process(SignedJWT token, SecurityContext context) throws BadJOSEException, JOSEException {
            String serialized = token.getParsedString();
            if (serialized == null) {
                return verifying.process(token, context);
            }
            return cache.claims(serialized, () -> verifying.process(token, context));
        }

        @Override
        public JWTClaimsSet process(EncryptedJWT token, SecurityContext context)
                throws BadJOSEException, JOSEException {
            return verifying.process(token, context);
        }
    }
}
