package dev.bulkhead.resilience.tokencache.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shared tier in Redis: cached tokens as plain keys with a TTL, the denylist as one sorted set
 * (member: {@code jti}, score: its token's expiry) trimmed on every write, announcements on a
 * pub/sub channel.
 */
public final class RedisSharedTier implements SharedTier {

    private final ReactiveStringRedisTemplate redis;
    private final String revocationsKey;
    private final String channel;
    private final Duration longestTokenLife;

    /**
     * @param redis the template
     * @param revocationsKey the sorted set of revoked token ids
     * @param channel the pub/sub channel of announcements
     * @param longestTokenLife the set expires this long after its last write
     */
    public RedisSharedTier(
            ReactiveStringRedisTemplate redis, String revocationsKey, String channel, Duration longestTokenLife) {
        this.redis = redis;
        this.revocationsKey = revocationsKey;
        this.channel = channel;
        this.longestTokenLife = longestTokenLife;
    }

    @Override
    public Mono<String> get(String key) {
        return redis.opsForValue().get(key);
    }

    @Override
    public Mono<Void> set(String key, String value, Duration ttl) {
        return redis.opsForValue().set(key, value, ttl).then();
    }

    @Override
    public Mono<Void> revoke(String jti, Instant expiresAt, Instant now) {
        return redis.opsForZSet()
                .add(revocationsKey, jti, expiresAt.toEpochMilli())
                .then(redis.opsForZSet()
                        .removeRangeByScore(revocationsKey, Range.closed(0.0, (double) now.toEpochMilli())))
                .then(redis.expire(revocationsKey, longestTokenLife))
                .then(redis.convertAndSend(channel, SharedTier.announcement(jti, expiresAt)))
                .then();
    }

    @Override
    public Mono<Map<String, Instant>> revoked(Instant now) {
        return redis.opsForZSet()
                .rangeByScoreWithScores(
                        revocationsKey, Range.rightUnbounded(Range.Bound.exclusive((double) now.toEpochMilli())))
                .collectMap(
                        tuple -> tuple.getValue(),
                        tuple -> Instant.ofEpochMilli(tuple.getScore().longValue()),
                        LinkedHashMap::new);
    }

    @Override
    public Flux<String> announcements() {
        return redis.listenToChannel(channel).map(ReactiveSubscription.Message::getMessage);
    }
}
