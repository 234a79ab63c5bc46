package dev.bulkhead.gateway.ratelimit;

import java.time.Duration;

/**
 * Whether one request may pass, and what to tell the client about its bucket.
 *
 * @param allowed whether a token was taken
 * @param limit the bucket's capacity
 * @param remaining whole tokens left after this request
 * @param retryAfter when the next token is there (zero if the request was allowed)
 * @param untilFull when the bucket is full again
 * @param tier who decided
 */
record Decision(boolean allowed, int limit, long remaining, Duration retryAfter, Duration untilFull, Tier tier) {

    /** Where a decision was made. */
    enum Tier {
        /** The Redis bucket every gateway instance shares. */
        SHARED,
        /** This instance's own bucket, while Redis is slow or away. */
        LOCAL
    }

    /** The same decision, credited to {@code decider}. */
    Decision as(Tier decider) {
        return new Decision(allowed, limit, remaining, retryAfter, untilFull, decider);
    }

    /** Whole seconds, rounded up, at least one: a client that waits this long finds a token. */
    long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(retryAfter));
    }

    /** Whole seconds until the bucket is full, rounded up. */
    long resetSeconds() {
        return ceilSeconds(untilFull);
    }

    private static long ceilSeconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }
}
