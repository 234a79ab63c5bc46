package dev.bulkhead.resilience.feign;

import dev.bulkhead.resilience.ResilienceProperties;
import dev.bulkhead.resilience.feign.internal.DownstreamGuards;
import dev.bulkhead.resilience.feign.internal.ResilienceCapability;
import feign.Capability;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What every Feign client of a service gets from the auto-configuration (bulkhead, breaker, budgeted
 * retries, timeouts counted), for a Feign client built by hand with {@code Feign.builder()}: benchmarks
 * and tools. A Spring Cloud OpenFeign client needs none of this; it is decorated already.
 */
public final class ResilientFeign {

    private ResilientFeign() {}

    /**
     * @param properties the policies, per downstream (the Feign client's name)
     * @param breakers where each downstream's breaker is made, named after it (the guards' bulkheads and
     *     retries live in fresh registries)
     * @param clock the time breakers and the retry budget judge by
     * @param meters where timeouts and refusals are counted
     * @return a capability to add to {@code Feign.builder()}
     */
    public static Capability capability(
            ResilienceProperties properties, CircuitBreakerRegistry breakers, Clock clock, MeterRegistry meters) {
        DownstreamGuards guards = new DownstreamGuards(
                properties, breakers, BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults(), clock);
        return new ResilienceCapability(guards, meters);
    }
}
