package dev.bulkhead.resilience.tracing;

import feign.Capability;
import feign.Client;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Wraps the {@link Client} of every Feign client in a {@link TracingFeignClient}. Public: Feign calls
 * a capability's {@code enrich} methods reflectively.
 */
public final class TracingCapability implements Capability {

    private final Tracer tracer;
    private final Propagator propagator;

    public TracingCapability(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Client enrich(Client client) {
        return client instanceof TracingFeignClient ? client : new TracingFeignClient(client, tracer, propagator);
    }
}
