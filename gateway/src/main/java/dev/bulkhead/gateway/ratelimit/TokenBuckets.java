package dev.bulkhead.gateway.ratelimit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Decides whether a request may pass: by the shared Redis bucket while Redis answers in time, by this
 * instance's bucket otherwise; never by letting everything through.
 *
 * <p>While the breaker around Redis is closed, each decision asks Redis, bounded by a short timeout;
 * a failure or timeout is decided locally at once. The breaker judges each call on its own, longer
 * bound ({@code failAfter}): a reply that missed the request's timeout but came within it is a late
 * reply (the gateway's own CPU or a pause delayed it), not a failure of Redis; only an error or no reply
 * at all counts against Redis. Once the breaker has
 * opened, requests no longer wait for Redis at all: they are decided locally, and Redis is asked in
 * the background (an open breaker refuses such a probe without any I/O; once its wait is over, it
 * lets a few through), so that the shared buckets decide again as soon as Redis answers, without a
 * request ever paying for a probe.
 *
 * <p>The local bucket takes a token for every request that passes, whichever tier decided, and a
 * request passes only if the local bucket has one too. With one instance that changes nothing while
 * Redis works (both buckets see the same requests); with several, the local bucket only sees its own
 * share and always has at least as many tokens as the shared one. What it adds is memory across
 * outages: a failover hands out no fresh burst, and the requests passed while Redis was away (which
 * Redis never saw) still count once it is back. So a caller gets at most its burst plus its rate,
 * through any number of switches between the tiers.
 *
 * <p>A caller whose burst is large enough is granted a few tokens per call to Redis ({@link Leases}):
 * its next requests on this instance spend them without a call, still within the shared limit, and the
 * next lease is taken in the background before this one runs dry, so none of them waits for Redis.
 *
 * <p>Deciding alone, an instance applies its share of each limit ({@link Limit#sharedBy}, with
 * {@code bulkhead.gateway.rate-limit.local.instances}): N instances that each applied the whole limit
 * would admit N limits between them while Redis is away. The local bucket is the same one, so the
 * share's smaller burst also caps what it kept from before the outage.
 */
final class TokenBuckets {

    static final String METRIC = "bulkhead.gateway.rate-limit.decisions";

    /** How long each decision took: what the limiter adds to a request's latency. */
    static final String TIMER = "bulkhead.gateway.rate-limit.decision";

    /** The shared tier, as this class sees it: {@link SharedTokenBuckets} in the application. */
    @FunctionalInterface
    interface SharedTier {
        Mono<Decision> take(String bucket, Limit limit);

        /**
         * Takes the request's token and, if the bucket holds them, up to {@code wanted - 1} more for the
         * caller's next requests (see {@link Leases}). A tier that cannot lease takes exactly one.
         */
        default Mono<Grant> take(String bucket, Limit limit, int wanted) {
            return take(bucket, limit).map(decision -> new Grant(decision, decision.allowed() ? 1 : 0));
        }
    }

    /**
     * What the shared tier decided, and how many tokens it took: one for the request, the rest leased.
     *
     * @param decision the request's decision
     * @param tokens tokens taken, 0 if refused
     */
    record Grant(Decision decision, int tokens) {}

    private final SharedTier shared;
    private final Leases leases;
    private final LocalTokenBuckets local;
    private final CircuitBreaker breaker;
    private final Duration timeout;
    private final Duration failAfter;
    private final MeterRegistry meters;
    private final Map<Path, Timer> timers;
    private final int instances;

    TokenBuckets(
            SharedTier shared,
            Leases leases,
            LocalTokenBuckets local,
            CircuitBreaker breaker,
            Duration timeout,
            Duration failAfter,
            int instances,
            MeterRegistry meters) {
        this.shared = shared;
        this.leases = leases;
        this.instances = instances;
        this.local = local;
        this.breaker = breaker;
        this.timeout = timeout;
        this.failAfter = failAfter;
        this.meters = meters;
        this.timers = new EnumMap<>(Path.class);
        if (meters != null) {
            for (Path path : Path.values()) {
                timers.put(
                        path,
                        Timer.builder(TIMER)
                                .description("How long the rate limiter took to decide, by how it decided")
                                .tag("path", path.name().toLowerCase(Locale.ROOT))
                                .publishPercentiles(0.5, 0.99)
                                .publishPercentileHistogram()
                                .register(meters));
            }
        }
    }

    /**
     * Takes one token from {@code bucket}.
     *
     * @param bucket the caller's bucket under this limit, e.g. {@code user:<subject>}
     * @param limit the limit that applies
     * @return the decision, never an error
     */
    Mono<Decision> take(String bucket, Limit limit) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            Mono<Made> made = switch (breaker.getState()) {
                case CLOSED, DISABLED, METRICS_ONLY -> {
                    Decision leased = leases.take(bucket);
                    int wanted = leases.wanted(limit);
                    if (leased != null) {
                        if (leases.claimTopUp(bucket, wanted)) {
                            topUp(bucket, limit, wanted);
                        }
                        yield Mono.just(new Made(bothAllow(leased, local.take(bucket, limit)), Path.LEASED));
                    }
                    yield fromShared(bucket, limit, wanted)
                            .map(byRedis -> new Made(
                                    byRedis.allowed() ? bothAllow(byRedis, local.take(bucket, limit)) : byRedis,
                                    Path.SHARED))
                            .onErrorResume(failure ->
                                    Mono.fromSupplier(() -> new Made(local.take(bucket, alone(limit)), Path.FALLBACK)));
                }
                default ->
                    Mono.fromSupplier(() -> {
                        Decision byThisInstance = local.take(bucket, alone(limit));
                        probe(bucket, limit);
                        return new Made(byThisInstance, Path.LOCAL);
                    });
            };
            return made.doOnNext(decided -> measure(limit, decided, System.nanoTime() - started))
                    .map(Made::decision);
        });
    }

    /** How a decision came about: the {@code path} tag of {@link #TIMER}. */
    enum Path {
        /** Redis answered in time. */
        SHARED,
        /** A token Redis had granted the caller with an earlier request's (a lease): no call at all. */
        LEASED,
        /** Redis failed or timed out, and the local bucket decided: this path costs up to the timeout. */
        FALLBACK,
        /** The breaker was open: decided locally without asking Redis, so without waiting for it. */
        LOCAL
    }

    private record Made(Decision decision, Path path) {}

    /**
     * What this instance may admit when it decides alone: its share of the limit, so that the instances
     * together stay within one limit while none of them can ask Redis.
     */
    private Limit alone(Limit limit) {
        return limit.sharedBy(instances);
    }

    /** Redis allowed: the local bucket has the last word, and the client hears about the emptier one. */
    private static Decision bothAllow(Decision byRedis, Decision byThisInstance) {
        if (!byThisInstance.allowed()) {
            return byThisInstance;
        }
        return byThisInstance.remaining() < byRedis.remaining() ? byThisInstance.as(Decision.Tier.SHARED) : byRedis;
    }

    private Mono<Decision> fromShared(String bucket, Limit limit, int wanted) {
        Mono<Decision> judged = judgedCall(bucket, limit, wanted)
                // Settled even when the request stopped waiting: Redis has taken those tokens either way.
                .map(grant -> leases.settle(bucket, grant))
                .cache();
        // The breaker hears the call's outcome even when the request stopped waiting for it.
        judged.subscribe(ignored -> {}, ignored -> {});
        return judged.timeout(timeout);
    }

    /**
     * Takes the caller's next lease off the request path (see {@link Leases}). Judged by the breaker on
     * its own bound like any call; no request waits for it, so it has no request timeout.
     */
    private void topUp(String bucket, Limit limit, int wanted) {
        judgedCall(bucket, limit, wanted)
                .subscribe(grant -> leases.toppedUp(bucket, grant), failure -> leases.toppedUp(bucket, null));
    }

    /** One call to Redis as the breaker judges it: on its own bound, {@code failAfter}, not a request's. */
    private Mono<Grant> judgedCall(String bucket, Limit limit, int wanted) {
        return shared.take(bucket, limit, wanted)
                .timeout(failAfter)
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    /** Asks Redis off the request path, so that the breaker learns when Redis is back. */
    private void probe(String bucket, Limit limit) {
        fromShared(bucket, limit, 1).subscribe(ignored -> {}, ignored -> {});
    }

    private void measure(Limit limit, Made made, long nanos) {
        if (meters == null) {
            return;
        }
        Decision decision = made.decision();
        meters.counter(
                        METRIC,
                        "policy",
                        limit.policy(),
                        "tier",
                        decision.tier().name().toLowerCase(Locale.ROOT),
                        "outcome",
                        decision.allowed() ? "allowed" : "limited")
                .increment();
        timers.get(made.path()).record(nanos, TimeUnit.NANOSECONDS);
    }
}
