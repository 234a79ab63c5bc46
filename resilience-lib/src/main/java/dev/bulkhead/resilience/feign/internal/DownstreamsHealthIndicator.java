package dev.bulkhead.resilience.feign.internal;

import dev.bulkhead.resilience.BreakerHealth;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The breaker state of every downstream in {@code /actuator/health}, under {@code downstreams}. Always
 * UP: an open breaker is this service coping with a failing downstream, not this service failing. The
 * indicator is in neither the liveness nor the readiness group (resilience-lib lists those groups'
 * members explicitly), so an open breaker restarts nothing and takes no instance out of rotation.
 */
public final class DownstreamsHealthIndicator implements HealthIndicator {

    private final DownstreamGuards guards;

    public DownstreamsHealthIndicator(DownstreamGuards guards) {
        this.guards = guards;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        new java.util.TreeMap<>(guards.all()).forEach((name, guard) -> {
            Map<String, Object> details = BreakerHealth.details(guard.breaker());
            details.put(
                    "availableConcurrentCalls", guard.bulkhead().getMetrics().getAvailableConcurrentCalls());
            health.withDetail(name, details);
        });
        return health.build();
    }
}
