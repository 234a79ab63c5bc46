package dev.bulkhead.gateway.routes;

import dev.bulkhead.resilience.BreakerHealth;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Comparator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Every breaker of the gateway (one per route, and those around Redis for rate limits and the token
 * cache) under {@code breakers} in {@code /actuator/health}. Always UP: an open breaker is the gateway
 * coping with a failing service, not the gateway failing; and the indicator is in neither the liveness
 * nor the readiness group, so an open breaker restarts nothing and takes no instance out of rotation.
 */
@Component("breakersHealthIndicator")
final class BreakersHealth implements HealthIndicator {

    private final CircuitBreakerRegistry registry;

    BreakersHealth(CircuitBreakerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        registry.getAllCircuitBreakers().stream()
                .sorted(Comparator.comparing(CircuitBreaker::getName))
                .forEach(breaker -> health.withDetail(breaker.getName(), BreakerHealth.details(breaker)));
        return health.build();
    }
}
