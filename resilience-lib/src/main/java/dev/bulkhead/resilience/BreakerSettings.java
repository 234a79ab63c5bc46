package dev.bulkhead.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/**
 * How a circuit breaker judges the calls it guards, the same shape for every breaker Bulkhead builds:
 * around each Feign downstream ({@link ResilienceProperties.Downstream.Breaker}), around the token
 * cache's Redis tier and around the gateway's rate limiter's Redis. Each keeps its own configuration
 * keys and defaults; this is what they all turn into, and the one place that turns it into a
 * Resilience4j configuration.
 *
 * <p>The gateway's route breakers are not built from it: they also judge slow calls, timed by the
 * route itself.
 *
 * @param slidingWindow how many of the latest calls it judges (count-based); widened to
 *     {@code minimumCalls} if smaller, so the minimum can be reached
 * @param minimumCalls how many calls it needs before it may open
 * @param failureRate the percentage of failed calls that opens it, above 0 and at most 100
 * @param waitInOpen how long it refuses calls before letting trial calls through
 * @param halfOpenCalls how many trial calls decide whether it closes again
 */
public record BreakerSettings(
        int slidingWindow, int minimumCalls, float failureRate, Duration waitInOpen, int halfOpenCalls) {

    /** Checks every value, naming the one that is wrong. */
    public BreakerSettings {
        requireAtLeastOne(slidingWindow, "sliding window");
        requireAtLeastOne(minimumCalls, "minimum calls");
        requireAtLeastOne(halfOpenCalls, "half-open calls");
        if (!(failureRate > 0 && failureRate <= 100)) {
            throw new IllegalArgumentException(
                    "breaker failure rate must be above 0 and at most 100, was " + failureRate);
        }
        if (waitInOpen == null || waitInOpen.isZero() || waitInOpen.isNegative()) {
            throw new IllegalArgumentException("breaker wait in open must be positive, was " + waitInOpen);
        }
    }

    /**
     * A Resilience4j configuration of these settings, to which a caller may still add what is its own
     * (which results count as failures, a clock).
     *
     * @return a count-based breaker configuration builder
     */
    public CircuitBreakerConfig.Builder configBuilder() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                // Resilience4j would otherwise lower the minimum to the window without a word.
                .slidingWindowSize(Math.max(slidingWindow, minimumCalls))
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls);
    }

    private static void requireAtLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("breaker " + name + " must be at least 1, was " + value);
        }
    }
}
