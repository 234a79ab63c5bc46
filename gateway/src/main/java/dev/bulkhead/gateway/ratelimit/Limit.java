package dev.bulkhead.gateway.ratelimit;

import java.time.Duration;

/**
 * One policy's token bucket: {@code replenish} tokens every {@code period}, at most {@code burst}.
 *
 * @param policy the name of the policy, part of every bucket's key and metric
 * @param replenish tokens added per period
 * @param period the period
 * @param burst the capacity
 */
record Limit(String policy, int replenish, Duration period, int burst) {

    static Limit of(String policy, RateLimitSettings.Rate rate) {
        return new Limit(policy, rate.replenish(), rate.period(), rate.burst());
    }

    /**
     * This limit split among {@code instances} that decide alone: the rate divided exactly (one token
     * every {@code instances} × the period per token), the burst rounded down but never below one, so
     * that a caller is slowed, never shut out. {@code instances} of these admit at most
     * {@code max(burst, instances)} at once and the rate after.
     */
    Limit sharedBy(int instances) {
        if (instances == 1) {
            return this;
        }
        return new Limit(policy, replenish, period.multipliedBy(instances), Math.max(1, burst / instances));
    }

    /** How long one token takes to come back. */
    Duration perToken() {
        return period.dividedBy(replenish);
    }

    /** How long an empty bucket takes to fill up. */
    Duration refillTime() {
        return perToken().multipliedBy(burst);
    }

    static Duration refillTimeOf(RateLimitSettings.Rate rate) {
        return of("any", rate).refillTime();
    }
}
