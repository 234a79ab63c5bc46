package dev.bulkhead.gateway.routes;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Logs every state transition of every circuit breaker of the gateway (one per route, and the rate
 * limiter's breaker around Redis): WARN when one opens, INFO otherwise. The same transitions are
 * counted in {@code resilience4j_circuitbreaker_*} metrics.
 */
@Component
final class BreakerTransitions {

    private static final Logger log = LoggerFactory.getLogger(BreakerTransitions.class);

    BreakerTransitions(CircuitBreakerRegistry registry) {
        registry.getAllCircuitBreakers().forEach(BreakerTransitions::watch);
        registry.getEventPublisher().onEntryAdded(added -> watch(added.getAddedEntry()));
    }

    private static void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> log(breaker, event));
    }

    private static void log(CircuitBreaker breaker, CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.StateTransition transition = event.getStateTransition();
        if (transition.getToState() == CircuitBreaker.State.OPEN
                || transition.getToState() == CircuitBreaker.State.FORCED_OPEN) {
            // What tripped it, failures or slow calls, is what an operator asks first.
            CircuitBreaker.Metrics metrics = breaker.getMetrics();
            log.warn(
                    "Circuit breaker {} {} -> {} after {} calls, {} failed ({} %), {} slow ({} %): calls are"
                            + " refused at once until it lets trial calls through",
                    event.getCircuitBreakerName(),
                    transition.getFromState(),
                    transition.getToState(),
                    metrics.getNumberOfBufferedCalls(),
                    metrics.getNumberOfFailedCalls(),
                    metrics.getFailureRate(),
                    metrics.getNumberOfSlowCalls(),
                    metrics.getSlowCallRate());
        } else {
            log.info(
                    "Circuit breaker {} {} -> {}",
                    event.getCircuitBreakerName(),
                    transition.getFromState(),
                    transition.getToState());
        }
    }
}
