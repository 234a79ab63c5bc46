package dev.bulkhead.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.testsupport.time.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeasesTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final Leases leases = new Leases(5, 100, Duration.ofSeconds(1), 1_000, clock);

    @Test
    void leasesAFewPercentOfTheBurstAndNothingUnderTheDefaultLimits() {
        assertThat(leases.wanted(new Limit("user", 10, Duration.ofSeconds(1), 20)))
                .as("the default burst of 20: one token, every request asks Redis")
                .isEqualTo(1);
        assertThat(leases.wanted(new Limit("user", 500, Duration.ofSeconds(1), 1_000)))
                .isEqualTo(50);
        assertThat(leases.wanted(new Limit("user", 1_000_000, Duration.ofSeconds(1), 1_000_000)))
                .as("capped")
                .isEqualTo(100);
        assertThat(Leases.none().wanted(new Limit("user", 1_000_000, Duration.ofSeconds(1), 1_000_000)))
                .isEqualTo(1);
    }

    @Test
    void spendsWhatRedisGrantedBeyondTheRequestsOwnTokenThenAsksAgain() {
        leases.settle("user:ada", grant(10, 90));

        for (int left = 8; left >= 0; left--) {
            Decision decision = leases.take("user:ada");
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining())
                    .as("what Redis kept plus what the lease still holds")
                    .isEqualTo(90 + left);
        }
        assertThat(leases.take("user:ada")).as("nine leased, nine spent").isNull();
        assertThat(leases.take("user:bob")).as("another caller holds no lease").isNull();
    }

    @Test
    void aLeaseExpiresWithItsTokensUnspent() {
        leases.settle("user:ada", grant(10, 90));
        clock.advance(Duration.ofMillis(999));
        assertThat(leases.take("user:ada")).isNotNull();

        clock.advance(Duration.ofMillis(1));

        assertThat(leases.take("user:ada")).isNull();
    }

    @Test
    void aLeaseToppedUpByALaterGrantKeepsItsTokensForTheTtlOfThatGrant() {
        leases.settle("user:ada", grant(10, 190));
        clock.advance(Duration.ofMillis(900));
        leases.settle("user:ada", grant(10, 180));

        clock.advance(Duration.ofMillis(600)); // 1.5 s after the lease began, 0.6 s after its last grant

        assertThat(spendAll("user:ada")).as("both grants' leased tokens, 9 + 9").isEqualTo(18);
    }

    @Test
    void aRequestAloneOrARefusalLeasesNothing() {
        leases.settle("user:ada", grant(1, 19));
        leases.settle(
                "user:bob",
                new TokenBuckets.Grant(
                        new Decision(false, 200, 0, Duration.ofMillis(10), Duration.ofSeconds(2), Decision.Tier.SHARED),
                        0));

        assertThat(leases.take("user:ada")).isNull();
        assertThat(leases.take("user:bob")).isNull();
    }

    @Test
    void grantsThatCameAtOnceAddUpAndARequestRedisRefusedSpendsWhatTheyLeased() {
        leases.settle("user:ada", grant(10, 180));
        leases.settle("user:ada", grant(10, 170));

        Decision refusedByRedis = leases.settle("user:ada", refusal());

        assertThat(refusedByRedis.allowed()).as("a token the two grants leased").isTrue();
        assertThat(1 + spendAll("user:ada"))
                .as("9 + 9 leased, all of them spent")
                .isEqualTo(18);
        assertThat(leases.settle("user:ada", refusal()).allowed()).isFalse();
    }

    @Test
    void isToppedUpOnceHalfOfAGrantIsSpentOneCallAtATime() {
        leases.settle("user:ada", grant(10, 190)); // 9 leased

        for (int spent = 1; spent <= 3; spent++) {
            leases.take("user:ada");
            assertThat(leases.claimTopUp("user:ada", 10))
                    .as("%d of 9 spent", spent)
                    .isFalse();
        }
        leases.take("user:ada"); // 5 left: half a grant of 10
        assertThat(leases.claimTopUp("user:ada", 10)).isTrue();
        leases.take("user:ada");
        assertThat(leases.claimTopUp("user:ada", 10))
                .as("one top-up on its way already")
                .isFalse();

        leases.toppedUp("user:ada", grant(10, 170));

        assertThat(spendAll("user:ada"))
                .as("4 of the first grant, every token of the top-up")
                .isEqualTo(14);
    }

    @Test
    void aTopUpRedisRefusedIsNotAskedAgainUntilARequestsOwnCallIsGranted() {
        leases.settle("user:ada", grant(10, 10));
        spend("user:ada", 4);
        assertThat(leases.claimTopUp("user:ada", 10)).isTrue();
        leases.toppedUp("user:ada", refusal());

        leases.take("user:ada");
        assertThat(leases.claimTopUp("user:ada", 10))
                .as("the bucket was empty a moment ago: no refused call per request")
                .isFalse();

        leases.settle("user:ada", grant(10, 50)); // the bucket refilled, a request's own call took a lease
        while (leases.take("user:ada") != null && !leases.claimTopUp("user:ada", 10)) {
            // spend down to the low-water mark again
        }
        assertThat(leases.take("user:ada"))
                .as("tokens left when the claim was made")
                .isNotNull();
    }

    @Test
    void aFailedTopUpMayBeTriedAgain() {
        leases.settle("user:ada", grant(10, 190));
        spend("user:ada", 4);
        assertThat(leases.claimTopUp("user:ada", 10)).isTrue();

        leases.toppedUp("user:ada", null);

        assertThat(leases.claimTopUp("user:ada", 10)).isTrue();
    }

    /** Spends {@code tokens} of the caller's leased tokens. */
    private void spend(String bucket, int tokens) {
        for (int i = 0; i < tokens; i++) {
            leases.take(bucket);
        }
    }

    /** Spends every leased token the caller holds, and says how many that was. */
    private int spendAll(String bucket) {
        int spent = 0;
        while (leases.take(bucket) != null) {
            spent++;
        }
        return spent;
    }

    private static TokenBuckets.Grant refusal() {
        return new TokenBuckets.Grant(
                new Decision(false, 200, 0, Duration.ofMillis(10), Duration.ofSeconds(2), Decision.Tier.SHARED), 0);
    }

    private static TokenBuckets.Grant grant(int tokens, long remaining) {
        return new TokenBuckets.Grant(
                new Decision(true, 200, remaining, Duration.ZERO, Duration.ofSeconds(2), Decision.Tier.SHARED), tokens);
    }
}
