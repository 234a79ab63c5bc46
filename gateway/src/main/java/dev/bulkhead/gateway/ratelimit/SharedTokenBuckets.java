package dev.bulkhead.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The token buckets every gateway instance shares: one Redis hash per caller and policy, changed by
 * one Lua script (read, refill, take, write, expire) so that concurrent requests on any instance
 * never take the same token twice.
 */
final class SharedTokenBuckets implements TokenBuckets.SharedTier {

    // Read once, as text: a script built on a Resource re-checks the resource's modification time on every
    // call, and for a resource inside a jar that check fails with an exception (its stack trace filled in)
    // on every request, which the profile showed as 2 % of the gateway's CPU.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT = RedisScript.of(script("token-bucket.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final String keyPrefix;

    SharedTokenBuckets(ReactiveStringRedisTemplate redis, String keyPrefix) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    private static String script(String name) {
        try {
            return new ClassPathResource(name, SharedTokenBuckets.class).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the token-bucket script " + name + " is missing from the classpath", e);
        }
    }

    /** The Redis key of a caller's bucket under a policy. */
    static String key(String keyPrefix, String bucket) {
        return keyPrefix + bucket;
    }

    @Override
    public Mono<Decision> take(String bucket, Limit limit) {
        return take(bucket, limit, 1).map(TokenBuckets.Grant::decision);
    }

    @Override
    public Mono<TokenBuckets.Grant> take(String bucket, Limit limit, int wanted) {
        double millisPerToken = limit.perToken().toNanos() / 1_000_000.0;
        return redis.execute(
                        SCRIPT,
                        List.of(key(keyPrefix, bucket)),
                        List.of(
                                Integer.toString(limit.burst()),
                                Double.toString(millisPerToken),
                                Integer.toString(wanted)))
                .collectList()
                .map(reply -> grant(unwrap(reply), limit));
    }

    private static List<?> unwrap(List<?> reply) {
        return reply.size() == 1 && reply.getFirst() instanceof List<?> nested ? nested : reply;
    }

    private static TokenBuckets.Grant grant(List<?> reply, Limit limit) {
        if (reply.size() != 4) {
            throw new IllegalStateException("unexpected reply from the token-bucket script: " + reply);
        }
        int granted = (int) number(reply.get(0));
        return new TokenBuckets.Grant(decision(granted, reply, limit), granted);
    }

    private static Decision decision(int granted, List<?> reply, Limit limit) {
        return new Decision(
                granted >= 1,
                limit.burst(),
                number(reply.get(1)),
                Duration.ofMillis(number(reply.get(2))),
                Duration.ofMillis(number(reply.get(3))),
                Decision.Tier.SHARED);
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value));
    }
}
