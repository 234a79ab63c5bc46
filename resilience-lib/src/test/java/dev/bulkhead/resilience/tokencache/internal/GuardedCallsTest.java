package dev.bulkhead.resilience.tokencache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class GuardedCallsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(50);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final GuardedCalls guard =
            new GuardedCalls(CircuitBreaker.of("redis", CircuitBreakerConfig.ofDefaults()), TIMEOUT, meters);

    /** A Redis call whose subscription holds the subscribing thread, as Lettuce can while it reconnects. */
    private static Mono<String> holdingTheSubscriber(AtomicReference<Thread> subscribedOn) {
        return Mono.fromCallable(() -> {
            subscribedOn.set(Thread.currentThread());
            Thread.sleep(2_000);
            return "late";
        });
    }

    @Test
    void aCallThatHoldsItsSubscriberCostsTheRequestTheTimeoutNotTheHold() {
        var subscribedOn = new AtomicReference<Thread>();
        long started = System.nanoTime();

        String answer = guard.call(holdingTheSubscriber(subscribedOn), "get").block(Duration.ofSeconds(5));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer).as("a call past its timeout falls back").isNull();
        assertThat(millis).as("what the request waited, ms").isLessThan(1_000);
        assertThat(subscribedOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(meters.counter(GuardedCalls.FALLBACKS, "operation", "get", "reason", "timeout")
                        .count())
                .isOne();
    }

    @Test
    void aBackgroundCallNeverRunsOnTheRequestsThread() {
        var subscribedOn = new AtomicReference<Thread>();
        long started = System.nanoTime();

        guard.inBackground(holdingTheSubscriber(subscribedOn), "get");

        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("what the request waited for a background call, ms")
                .isLessThan(1_000);
        assertThat(subscribedOn.get()).isNotSameAs(Thread.currentThread());
    }
}
