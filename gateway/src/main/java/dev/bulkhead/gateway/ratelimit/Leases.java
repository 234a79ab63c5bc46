package dev.bulkhead.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tokens the shared bucket has already granted a caller for its next requests on this instance. A
 * caller far from its limit then costs one Redis call every few requests instead of one per request,
 * and the shared limit still holds exactly: every request that passes spends a token Redis handed out,
 * only some of them were handed out a moment earlier.
 *
 * <p>What a lease costs the caller, never the service: tokens leased but not used before the lease
 * expires are lost (the caller is admitted a little less, never more), and a lease spent after the
 * bucket refilled lets a burst exceed the bucket by at most the lease. Both are bounded by the lease's
 * size, a small share of the burst ({@code percent}), so a limit of 10 a second with a burst of 20 is
 * never leased at all: each of its requests asks Redis, as without leases.
 *
 * <p>A lease is topped up before it runs dry: once half of a grant is spent, one call to Redis for the
 * next grant goes out in the background ({@link #claimTopUp}) while the requests go on spending the
 * other half. Without that, the request that found the lease empty waited for Redis: one request in a
 * hundred at the benchmark's rate, which is exactly its p99, and on a busy machine that call's own p90
 * was 11 ms (docs/performance.md). What a caller can lose by stopping grows to at most a lease and a
 * half, still a small share of its burst.
 */
final class Leases {

    private final int percent;
    private final int max;
    private final Duration ttl;
    private final Clock clock;
    private final Cache<String, Lease> leases;

    /**
     * @param percent share of a limit's burst one call to Redis takes at most, 0 for no leases
     * @param max the most tokens one call takes, whatever the burst
     * @param ttl how long leased tokens may be spent
     * @param maxCallers how many callers' leases this instance keeps (the least recently leased go first)
     * @param clock when leases expire
     */
    Leases(int percent, int max, Duration ttl, int maxCallers, Clock clock) {
        this.percent = percent;
        this.max = max;
        this.ttl = ttl;
        this.clock = clock;
        // Idle leases go after their ttl on this clock. Not after their first write: a lease topped up by
        // later grants is the same entry, and dropping it a ttl after it was created lost the tokens
        // granted since (RateLimitLeasesIT saw 37 of a 200 burst vanish in a 2 s flood).
        this.leases = Caffeine.newBuilder()
                .maximumSize(maxCallers)
                .expireAfterAccess(ttl)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** No leases: every request asks Redis. */
    static Leases none() {
        return new Leases(0, 1, Duration.ofSeconds(1), 1, Clock.systemUTC());
    }

    /** How many tokens a call to Redis asks for under {@code limit}: the request's own and the lease. */
    int wanted(Limit limit) {
        long share = (long) limit.burst() * percent / 100;
        return (int) Math.max(1, Math.min(max, share));
    }

    /**
     * A leased token for a request of {@code bucket}, as the decision to tell the client.
     *
     * @return the decision, or {@code null} if the caller holds no unexpired leased token (ask Redis)
     */
    Decision take(String bucket) {
        if (percent == 0) {
            return null;
        }
        Lease lease = leases.getIfPresent(bucket);
        return lease == null ? null : lease.take(clock.millis());
    }

    /**
     * Whether a request that just spent one of {@code bucket}'s leased tokens should have the lease
     * topped up now: half of a grant of {@code wanted} or less is left and no top-up is on its way. A
     * {@code true} is a claim: the caller makes the call and reports it with {@link #toppedUp}.
     */
    boolean claimTopUp(String bucket, int wanted) {
        Lease lease = leases.getIfPresent(bucket);
        return lease != null && lease.claimTopUp(wanted / 2);
    }

    /**
     * Settles a background top-up claimed with {@link #claimTopUp}: every token it took is leased, no
     * request is waiting for one. {@code grant} is {@code null} if the call failed (nothing was taken).
     */
    void toppedUp(String bucket, TokenBuckets.Grant grant) {
        Lease lease = grant != null && grant.tokens() > 0
                ? leases.get(bucket, ignored -> new Lease())
                : leases.getIfPresent(bucket);
        if (lease != null) {
            lease.toppedUp(grant, clock.millis() + ttl.toMillis());
        }
    }

    /**
     * Settles a call to Redis: keeps what {@code grant} took beyond its request's own token for
     * {@code bucket}'s next requests, or, if Redis refused, spends a token another request's grant
     * leased here meanwhile (requests that asked Redis at once must not be refused while the tokens
     * taken for them sit in a lease).
     *
     * @return the decision for the request that made the call
     */
    Decision settle(String bucket, TokenBuckets.Grant grant) {
        if (grant.tokens() > 1) {
            leases.get(bucket, ignored -> new Lease())
                    .add(grant.tokens() - 1, clock.millis() + ttl.toMillis(), grant.decision());
        }
        if (grant.tokens() == 0 && percent > 0) {
            Decision leased = take(bucket);
            if (leased != null) {
                return leased;
            }
        }
        return grant.decision();
    }

    /**
     * Leased tokens of one caller; requests on every event loop take from it and add to it. A monitor is
     * cheap here: what it guards is a few fields, held for nanoseconds.
     */
    private static final class Lease {

        private int left;
        private long expiresAt;
        private Decision granted;
        private boolean toppingUp;
        // Redis had nothing left for the last top-up: asking again before it grants a request's own call
        // would cost a refused call per request while the lease still has tokens.
        private boolean bucketEmpty;

        /** Concurrent grants add up: a token Redis handed out is spent or expires, never dropped. */
        synchronized void add(int tokens, long expiresAt, Decision granted) {
            this.left += tokens;
            this.expiresAt = expiresAt;
            this.granted = granted;
            this.bucketEmpty = false;
        }

        synchronized boolean claimTopUp(int lowWater) {
            if (toppingUp || bucketEmpty || left > lowWater) {
                return false;
            }
            toppingUp = true;
            return true;
        }

        synchronized void toppedUp(TokenBuckets.Grant grant, long expiresAt) {
            toppingUp = false;
            if (grant == null) {
                return; // the call failed: a later request may try again
            }
            if (grant.tokens() > 0) {
                add(grant.tokens(), expiresAt, grant.decision());
            } else {
                bucketEmpty = true;
            }
        }

        synchronized Decision take(long now) {
            if (left == 0 || now >= expiresAt) {
                return null;
            }
            left--;
            // What the caller has left is what Redis kept plus what this lease still holds.
            return new Decision(
                    true,
                    granted.limit(),
                    granted.remaining() + left,
                    Duration.ZERO,
                    granted.untilFull(),
                    Decision.Tier.SHARED);
        }
    }
}
