package dev.bulkhead.resilience.tracing;

import feign.Capability;
import feign.Feign;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Feign calls carry the trace: every Feign client Spring Cloud OpenFeign builds gets a
 * {@link Capability} that wraps its client in a {@link TracingFeignClient}. (OpenFeign's own
 * Micrometer capability needs {@code feign-micrometer}, which this build does not have.) Off with
 * {@code bulkhead.tracing.feign.enabled=false}.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"
        })
@ConditionalOnClass({Feign.class, Capability.class, Tracer.class, Propagator.class})
@ConditionalOnBean({Tracer.class, Propagator.class})
@ConditionalOnBooleanProperty(name = "bulkhead.tracing.feign.enabled", matchIfMissing = true)
public class FeignTracingAutoConfiguration {

    @Bean
    TracingCapability bulkheadFeignTracing(Tracer tracer, Propagator propagator) {
        return new TracingCapability(tracer, propagator);
    }
}
