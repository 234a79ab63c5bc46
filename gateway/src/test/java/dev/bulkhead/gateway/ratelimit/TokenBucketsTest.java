package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.time.MovableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TokenBucketsTest {

    private static final Limit LIMIT = new Limit("user", 10, Duration.ofSeconds(1), 20);
    /** 5 % of a burst of 200: a call to Redis takes 10 tokens. */
    private static final Limit BIG_BURST = new Limit("user", 100, Duration.ofSeconds(1), 200);

    private static final Duration TIMEOUT = Duration.ofMillis(50);
    private static final Duration FAIL_AFTER = Duration.ofMillis(200);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LocalTokenBuckets local = new LocalTokenBuckets(1_000, Duration.ofMinutes(1), clock);
    private final CircuitBreaker breaker = CircuitBreaker.of(
            "rate-limit-redis",
            CircuitBreakerConfig.custom()
                    .minimumNumberOfCalls(5)
                    .slidingWindowSize(10)
                    .waitDurationInOpenState(Duration.ofSeconds(1))
                    .build());
    /** What Redis does: answers, fails, or hangs. */
    private final AtomicReference<TokenBuckets.SharedTier> redis = new AtomicReference<>(TokenBucketsTest::allows);

    private final TokenBuckets buckets = new TokenBuckets(
            (bucket, limit) -> redis.get().take(bucket, limit),
            Leases.none(),
            local,
            breaker,
            TIMEOUT,
            FAIL_AFTER,
            1,
            null);

    private static Mono<Decision> allows(String bucket, Limit limit) {
        return Mono.just(
                new Decision(true, limit.burst(), 19, Duration.ZERO, Duration.ofMillis(100), Decision.Tier.SHARED));
    }

    private Decision take(String bucket) {
        return buckets.take(bucket, LIMIT).block(Duration.ofSeconds(5));
    }

    @Test
    void followsRedisWhileItAnswers() {
        Decision decision = take("user:ada");

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.tier()).isEqualTo(Decision.Tier.SHARED);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aHungRedisCostsItsTimeoutOnlyUntilTheBreakerOpensThenNothing() {
        redis.set((bucket, limit) -> Mono.never());

        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            Decision decision = take("user:bob");
            assertThat(decision.tier()).isEqualTo(Decision.Tier.LOCAL);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        }
        // The breaker counts a call as failed once it has had no reply for FAIL_AFTER.
        long waited = System.nanoTime();
        while (breaker.getState() != CircuitBreaker.State.OPEN
                && System.nanoTime() - waited < FAIL_AFTER.multipliedBy(10).toNanos()) {
            Thread.onSpinWait();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        long started = System.nanoTime();
        long allowed = IntStream.range(0, 30)
                .mapToObj(i -> take("user:bob"))
                .filter(Decision::allowed)
                .count();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took)
                .as("30 decisions with the breaker open, far less than a timeout each")
                .isLessThan(TIMEOUT.multipliedBy(5));
        assertThat(allowed).as("the local burst, less the 5 taken before").isEqualTo(15);
    }

    @Test
    void aLateReplyDecidesLocallyButIsNoFailureOfRedis() throws InterruptedException {
        // As when the gateway's own CPU is saturated: Redis answered, but too late for the request.
        redis.set((bucket, limit) -> allows(bucket, limit).delayElement(TIMEOUT.multipliedBy(2)));

        for (int i = 0; i < 10; i++) {
            Decision decision = take("user:eve");
            assertThat(decision.tier()).isEqualTo(Decision.Tier.LOCAL);
        }
        Thread.sleep(FAIL_AFTER.toMillis());

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(10);
    }

    @Test
    void aFailingRedisIsNeverAReasonToLetEverythingThrough() {
        redis.set((bucket, limit) -> Mono.error(new IllegalStateException("connection refused")));

        long allowed = IntStream.range(0, 50)
                .mapToObj(i -> take("user:cid"))
                .filter(Decision::allowed)
                .count();

        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void whatPassedWhileRedisWasAwayStillCountsWhenItIsBack() {
        redis.set((bucket, limit) -> Mono.error(new IllegalStateException("down")));
        IntStream.range(0, 20).forEach(i -> take("user:dan")); // the whole burst, decided locally

        redis.set(TokenBucketsTest::allows); // Redis never saw those 20 and would allow
        breaker.reset();

        Decision decision = take("user:dan");
        assertThat(decision.allowed()).as("no second burst after the outage").isFalse();
        assertThat(decision.retryAfter()).isPositive();
    }

    @Test
    void withoutRedisEachOfThreeGatewaysAdmitsAThirdOfTheLimitSoTogetherTheyAdmitOne() {
        redis.set((bucket, limit) -> Mono.error(new IllegalStateException("connection refused")));
        var gateways = IntStream.range(0, 3)
                .mapToObj(i -> new TokenBuckets(
                        (bucket, limit) -> redis.get().take(bucket, limit),
                        Leases.none(),
                        new LocalTokenBuckets(1_000, Duration.ofMinutes(1), clock),
                        CircuitBreaker.ofDefaults("rate-limit-redis-" + i),
                        TIMEOUT,
                        FAIL_AFTER,
                        3,
                        null))
                .toList();

        long atOnce = admitted(gateways, 30);
        long overThreeSeconds = 0;
        for (int step = 0; step < 10; step++) {
            clock.advance(Duration.ofMillis(300)); // 3 tokens of the whole limit, one for each gateway
            overThreeSeconds += admitted(gateways, 5);
        }

        assertThat(atOnce).as("the burst of 20, split: 6 per gateway").isEqualTo(18);
        assertThat(overThreeSeconds).as("the rate of 10/s over 3 s, split").isEqualTo(30);
    }

    @Test
    void aBucketFilledWhileRedisDecidedHoldsOnlyItsShareOnceRedisIsAway() {
        var gateway = new TokenBuckets(
                (bucket, limit) -> redis.get().take(bucket, limit),
                Leases.none(),
                local,
                breaker,
                TIMEOUT,
                FAIL_AFTER,
                4,
                null);
        assertThat(gateway.take("user:fay", LIMIT).block().allowed()).isTrue(); // full bucket: 19 left

        redis.set((bucket, limit) -> Mono.error(new IllegalStateException("down")));
        long allowed = IntStream.range(0, 20)
                .mapToObj(i -> gateway.take("user:fay", LIMIT).block())
                .filter(Decision::allowed)
                .count();

        assertThat(allowed)
                .as("a quarter of the burst of 20, not the 19 left from before")
                .isEqualTo(5);
    }

    @Test
    void aCallerWithALargeBurstAsksRedisOncePerLeaseAndPassesNoMoreThanRedisGranted() {
        var redisBucket = new CountingBucket(25);
        var gateway = leasing(redisBucket);

        long allowed = IntStream.range(0, 40)
                .mapToObj(i -> gateway.take("user:hal", BIG_BURST).block())
                .filter(Decision::allowed)
                .count();

        assertThat(allowed).as("exactly what the Redis bucket held").isEqualTo(25);
        assertThat(redisBucket.calls)
                .as("10 + 10 + 5 granted in three calls (two of them top-ups), one refused top-up, then one"
                        + " refusal per request")
                .hasValue(4 + 15);
    }

    @Test
    void noRequestOfABusyCallerWaitsForRedisWhileItsLeaseIsToppedUp() {
        var redisBucket = new CountingBucket(1_000);
        var answers = new java.util.ArrayDeque<reactor.core.publisher.Sinks.One<TokenBuckets.Grant>>();
        TokenBuckets.SharedTier slowRedis = new TokenBuckets.SharedTier() {
            @Override
            public Mono<Decision> take(String bucket, Limit limit) {
                return take(bucket, limit, 1).map(TokenBuckets.Grant::decision);
            }

            @Override
            public Mono<TokenBuckets.Grant> take(String bucket, Limit limit, int wanted) {
                // Answered only when the test says so: Redis is slow, and whoever waits for it, waits.
                reactor.core.publisher.Sinks.One<TokenBuckets.Grant> answer = reactor.core.publisher.Sinks.one();
                answers.add(answer);
                return answer.asMono().then(Mono.defer(() -> redisBucket.take(bucket, limit, wanted)));
            }
        };
        var gateway = new TokenBuckets(
                slowRedis,
                new Leases(5, 100, Duration.ofSeconds(1), 1_000, clock),
                local,
                breaker,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                1,
                null);
        var first = gateway.take("user:ivy", BIG_BURST).toFuture();
        answers.poll().tryEmitValue(null);
        assertThat(first.join().allowed()).isTrue(); // took 10: its own and 9 leased

        for (int i = 0; i < 9; i++) {
            assertThat(gateway.take("user:ivy", BIG_BURST).toFuture())
                    .as("request %d spends a leased token, whatever Redis is doing", i + 2)
                    .isCompletedWithValueMatching(Decision::allowed);
        }
        assertThat(answers).as("one top-up asked for, at half of the lease").hasSize(1);
        answers.poll().tryEmitValue(null);

        for (int i = 0; i < 10; i++) {
            assertThat(gateway.take("user:ivy", BIG_BURST).toFuture())
                    .as("the top-up's tokens, spent without waiting")
                    .isCompletedWithValueMatching(Decision::allowed);
        }
        assertThat(redisBucket.tokens).as("only what Redis granted was spent").hasValue(1_000 - 20);
    }

    @Test
    void leasedTokensExpireUnspentInsteadOfPassingRequestsLater() {
        var redisBucket = new CountingBucket(200);
        var gateway = leasing(redisBucket);

        assertThat(gateway.take("user:ida", BIG_BURST).block().allowed()).isTrue(); // 9 leased
        assertThat(gateway.take("user:ida", BIG_BURST).block().allowed()).isTrue(); // 8 left
        clock.advance(Duration.ofSeconds(1));
        assertThat(gateway.take("user:ida", BIG_BURST).block().allowed()).isTrue();

        assertThat(redisBucket.calls)
                .as("the lease expired: the third request asked Redis")
                .hasValue(2);
        assertThat(redisBucket.tokens).as("the 8 unspent tokens stay spent").hasValue(200 - 20);
    }

    /** One gateway whose calls to {@code redisBucket} lease 5 % of a burst for a second. */
    private TokenBuckets leasing(CountingBucket redisBucket) {
        return new TokenBuckets(
                redisBucket,
                new Leases(5, 100, Duration.ofSeconds(1), 1_000, clock),
                local,
                breaker,
                TIMEOUT,
                FAIL_AFTER,
                1,
                null);
    }

    /** A Redis bucket that never refills, and counts the calls it gets. */
    private static final class CountingBucket implements TokenBuckets.SharedTier {

        final java.util.concurrent.atomic.AtomicInteger tokens;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        CountingBucket(int tokens) {
            this.tokens = new java.util.concurrent.atomic.AtomicInteger(tokens);
        }

        @Override
        public Mono<Decision> take(String bucket, Limit limit) {
            return take(bucket, limit, 1).map(TokenBuckets.Grant::decision);
        }

        @Override
        public Mono<TokenBuckets.Grant> take(String bucket, Limit limit, int wanted) {
            calls.incrementAndGet();
            int granted = Math.min(wanted, tokens.get());
            int left = tokens.addAndGet(-granted);
            var decision = new Decision(
                    granted > 0,
                    limit.burst(),
                    left,
                    granted > 0 ? Duration.ZERO : Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Decision.Tier.SHARED);
            return Mono.just(new TokenBuckets.Grant(decision, granted));
        }
    }

    private static long admitted(java.util.List<TokenBuckets> gateways, int each) {
        return gateways.stream()
                .flatMap(g -> IntStream.range(0, each)
                        .mapToObj(i -> g.take("user:gil", LIMIT).block()))
                .filter(Decision::allowed)
                .count();
    }
}
