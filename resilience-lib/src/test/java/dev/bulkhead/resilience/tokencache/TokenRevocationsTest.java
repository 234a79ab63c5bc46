package dev.bulkhead.resilience.tokencache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.resilience.security.BulkheadSecurityProperties;
import dev.bulkhead.testsupport.time.MovableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The denylist's staleness bound and its Redis fast path, on a clock the test moves. */
class TokenRevocationsTest {

    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");
    private static final Duration MAX_STALENESS = Duration.ofMinutes(5);

    private final MovableClock clock = new MovableClock(START);
    private final Set<String> fromAuth = ConcurrentHashMap.newKeySet();
    private volatile Instant lastRead = START;

    private final TokenRevocations.Source source = new TokenRevocations.Source() {
        @Override
        public boolean isRevoked(String jti) {
            return fromAuth.contains(jti);
        }

        @Override
        public Instant lastSuccessfulRead() {
            return lastRead;
        }
    };

    private TokenRevocations list(boolean failClosed, FakeSharedTier redis) {
        return new TokenRevocations(
                new BulkheadSecurityProperties.Revocations(
                        true, URI.create("http://auth/revocations"), Duration.ofSeconds(2), MAX_STALENESS, failClosed),
                source,
                redis,
                clock,
                null);
    }

    @Test
    void failOpenKeepsAcceptingPastTheBoundButKeepsWhatItKnows() {
        TokenRevocations list = list(false, null);
        fromAuth.add("revoked-before");

        clock.advance(MAX_STALENESS.plusSeconds(1));

        assertThat(list.staleness()).isEqualTo(MAX_STALENESS.plusSeconds(1));
        assertThat(list.isRevoked("valid")).isFalse();
        assertThat(list.isRevoked("revoked-before")).isTrue();
    }

    @Test
    void failClosedRefusesEveryTokenPastTheBoundAndOnlyThen() {
        TokenRevocations list = list(true, null);

        clock.advance(MAX_STALENESS);
        assertThat(list.isRevoked("valid")).as("at the bound").isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(list.isRevoked("valid")).as("past the bound").isTrue();

        lastRead = clock.instant(); // auth-service answers again
        assertThat(list.isRevoked("valid")).isFalse();
    }

    @Test
    void neverReadCountsFromStart() {
        lastRead = null;
        TokenRevocations list = list(true, null);

        clock.advance(MAX_STALENESS.plusSeconds(1));

        assertThat(list.isRevoked("valid")).isTrue();
    }

    @Test
    void anAnnouncedRevocationAppliesAtOnceAndUntilItsTokenExpires() {
        FakeSharedTier redis = new FakeSharedTier(clock);
        TokenRevocations list = list(false, redis);
        list.start();
        try {
            redis.revoke("jti-1", START.plus(Duration.ofMinutes(1)), START).block();

            eventually(() -> list.isRevoked("jti-1"));
            clock.advance(Duration.ofMinutes(1));
            lastRead = clock.instant();
            assertThat(list.isRevoked("jti-1"))
                    .as("expired: refused for its exp anyway")
                    .isFalse();
        } finally {
            list.stop();
        }
    }

    @Test
    void aNewInstanceLearnsTheSharedListOnStartEvenWithAuthServiceDown() {
        FakeSharedTier redis = new FakeSharedTier(clock);
        redis.revoked.put("jti-2", START.plus(Duration.ofMinutes(10)));
        lastRead = null;
        TokenRevocations list = list(false, redis);

        list.start();
        try {
            eventually(() -> list.isRevoked("jti-2"));
        } finally {
            list.stop();
        }
    }

    private static void eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 2 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
