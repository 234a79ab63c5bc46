package dev.bulkhead.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * This instance's token buckets: the same arithmetic as the Redis script, in a bounded map (the least
 * recently used bucket goes first; a bucket unused for a full refill time is as good as new, so it
 * expires then). They decide while Redis is away, and take their token for every request that passes
 * while it is there (see {@link TokenBuckets}).
 */
final class LocalTokenBuckets {

    private final Cache<String, Bucket> buckets;
    private final Clock clock;

    LocalTokenBuckets(int maxBuckets, Duration idleExpiry, Clock clock) {
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                .expireAfterAccess(idleExpiry)
                .build();
    }

    /** Takes a token if there is one. */
    Decision take(String key, Limit limit) {
        return bucket(key, limit).take(limit, nanos());
    }

    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket bucket(String key, Limit limit) {
        return buckets.get(key, ignored -> new Bucket(limit.burst(), nanos()));
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** One caller's bucket; a monitor is cheap here, as a caller's requests rarely contend. */
    private static final class Bucket {

        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized Decision take(Limit limit, long now) {
            double nanosPerToken = (double) limit.perToken().toNanos();
            if (now > at) {
                tokens += (now - at) / nanosPerToken;
                at = now;
            }
            // Also without time passing: a bucket filled under the whole limit while Redis decided holds
            // at most the share's burst from the first request Redis does not decide.
            tokens = Math.min(limit.burst(), tokens);
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            Duration retryAfter =
                    allowed ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - tokens) * nanosPerToken));
            Duration untilFull = Duration.ofNanos((long) Math.ceil((limit.burst() - tokens) * nanosPerToken));
            return new Decision(
                    allowed, limit.burst(), (long) Math.floor(tokens), retryAfter, untilFull, Decision.Tier.LOCAL);
        }
    }
}
