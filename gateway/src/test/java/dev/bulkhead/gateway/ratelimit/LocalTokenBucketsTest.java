package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.time.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LocalTokenBucketsTest {

    private static final Limit TEN_PER_SECOND_BURST_TWENTY = new Limit("user", 10, Duration.ofSeconds(1), 20);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LocalTokenBuckets buckets = new LocalTokenBuckets(1_000, Duration.ofMinutes(1), clock);

    @Test
    void allowsABurstThenOneRequestPerReplenishedToken() {
        long allowed = IntStream.range(0, 25)
                .mapToObj(i -> buckets.take("user:ada", TEN_PER_SECOND_BURST_TWENTY))
                .filter(Decision::allowed)
                .count();
        assertThat(allowed).isEqualTo(20);

        clock.advance(Duration.ofMillis(250)); // 2.5 tokens

        assertThat(buckets.take("user:ada", TEN_PER_SECOND_BURST_TWENTY).allowed())
                .isTrue();
        assertThat(buckets.take("user:ada", TEN_PER_SECOND_BURST_TWENTY).allowed())
                .isTrue();
        Decision third = buckets.take("user:ada", TEN_PER_SECOND_BURST_TWENTY);
        assertThat(third.allowed()).isFalse();
        assertThat(third.tier()).isEqualTo(Decision.Tier.LOCAL);
    }

    @Test
    void tellsWhenTheNextTokenComesAndWhenTheBucketIsFull() {
        IntStream.range(0, 20).forEach(i -> buckets.take("user:bob", TEN_PER_SECOND_BURST_TWENTY));

        Decision refused = buckets.take("user:bob", TEN_PER_SECOND_BURST_TWENTY);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.limit()).isEqualTo(20);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(100));
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.untilFull()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refused.resetSeconds()).isEqualTo(2);
    }

    @Test
    void neverHoldsMoreThanItsBurstHoweverLongItRests() {
        buckets.take("user:cid", TEN_PER_SECOND_BURST_TWENTY);
        clock.advance(Duration.ofHours(1));

        long allowed = IntStream.range(0, 30)
                .mapToObj(i -> buckets.take("user:cid", TEN_PER_SECOND_BURST_TWENTY))
                .filter(Decision::allowed)
                .count();

        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void keepsEachCallersBucketApart() {
        IntStream.range(0, 20).forEach(i -> buckets.take("user:dan", TEN_PER_SECOND_BURST_TWENTY));

        assertThat(buckets.take("user:dan", TEN_PER_SECOND_BURST_TWENTY).allowed())
                .isFalse();
        assertThat(buckets.take("user:eve", TEN_PER_SECOND_BURST_TWENTY).allowed())
                .isTrue();
    }

    @Test
    void keepsNoMoreBucketsThanItsBound() {
        LocalTokenBuckets small = new LocalTokenBuckets(100, Duration.ofMinutes(1), clock);

        IntStream.range(0, 1_000).forEach(i -> small.take("ip:" + i, TEN_PER_SECOND_BURST_TWENTY));

        assertThat(small.size()).isLessThanOrEqualTo(100);
    }
}
