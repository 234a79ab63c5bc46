package dev.bulkhead.resilience.autoconfigure;

import dev.bulkhead.resilience.ResilienceProperties;
import dev.bulkhead.resilience.feign.internal.DownstreamGuards;
import dev.bulkhead.resilience.feign.internal.DownstreamsHealthIndicator;
import dev.bulkhead.resilience.feign.internal.ObservedFailureCapability;
import dev.bulkhead.resilience.feign.internal.ResilienceCapability;
import feign.Capability;
import feign.Feign;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts a bulkhead, a circuit breaker and safe retries around every Feign client of the application,
 * one set per client name, configured under {@code bulkhead.resilience.downstreams.*}; see
 * {@code docs/resilience.md}. Built as a {@link Capability} bean, which Spring Cloud OpenFeign applies
 * to every client it builds, rather than Spring Cloud CircuitBreaker's Feign integration: that one
 * wraps the breaker around the whole method with a time limiter on another thread (1 s by default) and
 * cannot put the bulkhead outside the breaker or the retry inside it.
 *
 * <p>{@value #ENABLED}{@code =false} switches it off.
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class)
@ConditionalOnClass({Feign.class, Capability.class, CircuitBreakerRegistry.class})
@ConditionalOnBooleanProperty(name = FeignResilienceAutoConfiguration.ENABLED, matchIfMissing = true)
public class FeignResilienceAutoConfiguration {

    /** Switch for the whole Feign integration. */
    public static final String ENABLED = ResilienceProperties.PREFIX + ".feign.enabled";

    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry circuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean
    @ConditionalOnMissingBean
    BulkheadRegistry bulkheadRegistry() {
        return BulkheadRegistry.ofDefaults();
    }

    @Bean
    @ConditionalOnMissingBean
    RetryRegistry retryRegistry() {
        return RetryRegistry.ofDefaults();
    }

    @Bean
    @ConditionalOnMissingBean
    DownstreamGuards downstreamGuards(
            ResilienceProperties properties,
            CircuitBreakerRegistry breakers,
            BulkheadRegistry bulkheads,
            RetryRegistry retries,
            Clock clock) {
        return new DownstreamGuards(properties, breakers, bulkheads, retries, clock);
    }

    @Bean
    ResilienceCapability bulkheadResilienceCapability(DownstreamGuards guards, ObjectProvider<MeterRegistry> meters) {
        return new ResilienceCapability(guards, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * Where feign-micrometer traces the clients (Spring Cloud OpenFeign registers its observation
     * capability by itself): a failed request's span is ended too.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "feign.micrometer.MicrometerObservationCapability")
    static class Observation {

        @Bean
        ObservedFailureCapability bulkheadObservedFailureCapability() {
            return new ObservedFailureCapability();
        }
    }

    /** {@code resilience4j_circuitbreaker_*}, {@code resilience4j_bulkhead_*}, {@code resilience4j_retry_*}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TaggedCircuitBreakerMetrics.class)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        TaggedCircuitBreakerMetrics taggedCircuitBreakerMetrics(CircuitBreakerRegistry registry) {
            return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry);
        }

        @Bean
        @ConditionalOnMissingBean
        TaggedBulkheadMetrics taggedBulkheadMetrics(BulkheadRegistry registry) {
            return TaggedBulkheadMetrics.ofBulkheadRegistry(registry);
        }

        @Bean
        @ConditionalOnMissingBean
        TaggedRetryMetrics taggedRetryMetrics(RetryRegistry registry) {
            return TaggedRetryMetrics.ofRetryRegistry(registry);
        }
    }

    /** Breaker states under {@code downstreams} in {@code /actuator/health}; not in liveness or readiness. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "downstreamsHealthIndicator")
        HealthIndicator downstreamsHealthIndicator(DownstreamGuards guards) {
            return new DownstreamsHealthIndicator(guards);
        }
    }
}
