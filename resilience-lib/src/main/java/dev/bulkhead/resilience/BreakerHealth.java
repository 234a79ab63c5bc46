package dev.bulkhead.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a circuit breaker shows in {@code /actuator/health}, the same in every application: its state,
 * failure rate, buffered calls and the calls it refused. Health indicators built on it report UP
 * whatever the state, because an open breaker is the caller coping with a failing downstream.
 */
public final class BreakerHealth {

    private BreakerHealth() {}

    /**
     * @param breaker the breaker
     * @return its details, in a stable order
     */
    public static Map<String, Object> details(CircuitBreaker breaker) {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", breaker.getState().name());
        details.put("failureRate", metrics.getFailureRate());
        details.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
        details.put("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
        return details;
    }
}
