package dev.bulkhead.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.resilience.security.BulkheadSecurityProperties;
import dev.bulkhead.resilience.security.TokenVerification;
import dev.bulkhead.resilience.tokencache.TokenCache;
import dev.bulkhead.resilience.tokencache.TokenCacheProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/**
 * What checking one access token's signature costs, from cheapest to dearest, all through the
 * processor chain the services use ({@code TokenCache.around(TokenVerification.processor(...))}),
 * each call starting from the compact token, as a request brings it:
 *
 * <ol>
 *   <li>{@code a_localHit}: the token cache's in-process tier holds the token;
 *   <li>{@code b_redisHit}: the local tier misses (it holds one entry and the benchmark cycles through
 *       {@value #REDIS_TOKENS} tokens), the shared tier in a real Redis has it ({@code b_redisRawGet}:
 *       the bare Redis GET of that path, for scale);
 *   <li>{@code c_verifySignature}: no cache, an RS256 check against the JWKS cached in the process:
 *       what every request paid before the cache;
 *   <li>{@code d_fetchFromAuth}: no cache at all, the JWKS fetched over HTTP for every token, from an
 *       in-process stand-in for auth-service's {@code /.well-known/jwks.json}: what validating would
 *       cost if every request asked auth-service.
 * </ol>
 *
 * Redis is {@code 127.0.0.1:6379} unless {@code BENCH_REDIS_HOST}/{@code BENCH_REDIS_PORT} say
 * otherwise. The benchmark writes only keys under its own random prefix, with a TTL, and deletes them
 * when it ends; it never flushes anything.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenValidationBenchmark {

    /** Tokens the Redis-hit benchmark cycles through: far more than its one-entry local tier holds. */
    static final int REDIS_TOKENS = 1000;

    private static final String JWKS_PATH = "/.well-known/jwks.json";

    private HttpServer auth;
    private final AtomicLong jwksFetches = new AtomicLong();
    private LettuceConnectionFactory redisConnections;
    private ReactiveStringRedisTemplate redis;
    private final List<String> writtenKeys = new ArrayList<>();
    private MeterRegistry meters;
    private Map<String, Long> baseline = Map.of();

    private String token;
    private String[] redisTokens;
    private int next;

    private JWTProcessor<SecurityContext> localHit;
    private JWTProcessor<SecurityContext> redisHit;
    private JWTProcessor<SecurityContext> verifying;
    private JWTProcessor<SecurityContext> fetching;

    @Setup
    public void setUp() throws Exception {
        RSAKey signingKey = new RSAKeyGenerator(2048).keyID("bench").generate();
        byte[] jwks = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        auth.createContext(JWKS_PATH, exchange -> {
            jwksFetches.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        auth.start();
        URI jwksUri = URI.create("http://127.0.0.1:" + auth.getAddress().getPort() + JWKS_PATH);

        BulkheadSecurityProperties.Jwt jwt = new BulkheadSecurityProperties.Jwt(
                BulkheadSecurityProperties.DEFAULT_ISSUER,
                BulkheadSecurityProperties.DEFAULT_AUDIENCE,
                BulkheadSecurityProperties.DEFAULT_ALGORITHM,
                jwksUri,
                Duration.ofSeconds(30),
                Duration.ofMinutes(15),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofHours(1));
        Duration connectTimeout = Duration.ofSeconds(1);
        Duration readTimeout = Duration.ofSeconds(3);

        // The library's own signature check: JWKS fetched once, then cached for jwks-cache-ttl.
        verifying = TokenVerification.processor(jwt, connectTimeout, readTimeout);
        // The same checks with a JWKS source that caches nothing: one HTTP fetch per token.
        fetching = uncachedProcessor(jwt, connectTimeout, readTimeout);

        token = sign(signingKey, "user-1");
        redisTokens = new String[REDIS_TOKENS];
        for (int i = 0; i < REDIS_TOKENS; i++) {
            redisTokens[i] = sign(signingKey, "user-" + (i + 2));
        }

        String host = System.getenv().getOrDefault("BENCH_REDIS_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("BENCH_REDIS_PORT", "6379"));
        redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        redis = new ReactiveStringRedisTemplate(redisConnections);
        String prefix = "bench:jmh:" + UUID.randomUUID() + ":";
        meters = new SimpleMeterRegistry();

        // Production settings, local tier and Redis: the one token is verified once, then hits locally.
        TokenCache withLocalTier = cache(TokenCacheProperties.defaults(), prefix, Integer.MAX_VALUE);
        localHit = withLocalTier.around(verifying);
        localHit.process(token, null);
        writtenKeys.add(withLocalTier.sharedKey(token));

        // A local tier of one entry: each of the cycled tokens misses it and is found in Redis.
        TokenCache redisOnly = cache(TokenCacheProperties.defaults(), prefix, 1);
        redisHit = redisOnly.around(verifying);
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String t : redisTokens) {
            keys.add(redisOnly.sharedKey(t));
            values.add(SignedJWT.parse(t).getJWTClaimsSet().toString());
        }
        writtenKeys.addAll(keys);
        Flux.range(0, REDIS_TOKENS)
                .flatMap(i -> redis.opsForValue().set(keys.get(i), values.get(i), Duration.ofMinutes(30)), 16)
                .blockLast(Duration.ofSeconds(30));

        verifying.process(token, null); // the JWKS fetch the library caches
        fetching.process(token, null);
        baseline = counts();
        jwksFetches.set(0);
    }

    @TearDown
    public void tearDown() {
        report();
        try {
            if (redis != null && !writtenKeys.isEmpty()) {
                Flux.fromIterable(writtenKeys)
                        .buffer(200)
                        .flatMap(batch -> redis.delete(batch.toArray(String[]::new)))
                        .blockLast(Duration.ofSeconds(30));
            }
        } finally {
            if (redisConnections != null) {
                redisConnections.destroy();
            }
            if (auth != null) {
                auth.stop(0);
            }
        }
    }

    @Benchmark
    public JWTClaimsSet a_localHit() throws Exception {
        return localHit.process(token, null);
    }

    @Benchmark
    public JWTClaimsSet b_redisHit() throws Exception {
        String t = redisTokens[next];
        next = next + 1 == REDIS_TOKENS ? 0 : next + 1;
        return redisHit.process(t, null);
    }

    /** Only the Redis GET of a {@code b_redisHit} call, for scale: no token parsing, no cache. */
    @Benchmark
    public String b_redisRawGet() {
        String key = writtenKeys.get(1 + next);
        next = next + 1 == REDIS_TOKENS ? 0 : next + 1;
        return redis.opsForValue().get(key).block();
    }

    @Benchmark
    public JWTClaimsSet c_verifySignature() throws Exception {
        return verifying.process(token, null);
    }

    @Benchmark
    public JWTClaimsSet d_fetchFromAuth() throws Exception {
        return fetching.process(token, null);
    }

    private TokenCache cache(TokenCacheProperties defaults, String prefix, int localMaxEntries) {
        TokenCacheProperties settings = new TokenCacheProperties(
                true,
                localMaxEntries,
                defaults.maxTtl(),
                defaults.redisTimeout(),
                prefix,
                prefix + "revocations",
                prefix + "revocations",
                defaults.breakerMinimumCalls(),
                defaults.breakerFailureRate(),
                defaults.breakerWaitInOpen());
        return TokenCache.overRedis(settings, redis, Duration.ofMinutes(16), Clock.systemUTC(), meters);
    }

    private static JWTProcessor<SecurityContext> uncachedProcessor(
            BulkheadSecurityProperties.Jwt jwt, Duration connectTimeout, Duration readTimeout) {
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                Math.toIntExact(connectTimeout.toMillis()), Math.toIntExact(readTimeout.toMillis()), 64 * 1024);
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(jwt.jwksUri().toURL(), retriever)
                    .cache(false)
                    .rateLimited(false)
                    .refreshAheadCache(false)
                    .retrying(false)
                    .outageTolerant(false)
                    .build();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        // TokenVerification.processor's settings, key source aside.
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(jwt.jwsAlgorithm(), keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        return processor;
    }

    private static String sign(RSAKey key, String subject) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(BulkheadSecurityProperties.DEFAULT_ISSUER)
                .audience(BulkheadSecurityProperties.DEFAULT_AUDIENCE)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .claim(TokenVerification.ROLES_CLAIM, List.of("USER"))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** What the tiers did during the measurement: a Redis-hit run with misses measured something else. */
    private void report() {
        if (meters == null) {
            return;
        }
        StringBuilder line = new StringBuilder("\n[token cache during the run] ");
        counts().forEach((name, count) -> {
            long delta = count - baseline.getOrDefault(name, 0L);
            if (delta != 0) {
                line.append(name).append('=').append(delta).append("  ");
            }
        });
        line.append("jwks fetches=").append(jwksFetches.get());
        System.out.println(line);
    }

    /** Lookups by tier and result, Redis fallbacks by reason. */
    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter c : meters.find(TokenCache.LOOKUPS).counters()) {
            counts.put(c.getId().getTag("tier") + " " + c.getId().getTag("result"), (long) c.count());
        }
        for (Counter c : meters.find(TokenCache.REDIS_FALLBACKS).counters()) {
            counts.merge("redis fallback " + c.getId().getTag("reason"), (long) c.count(), Long::sum);
        }
        return counts;
    }
}
