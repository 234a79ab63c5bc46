package dev.bulkhead.resilience.feign.internal;

import feign.Capability;
import feign.Client;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wraps the {@link Client} of every Feign client Spring Cloud OpenFeign builds (it applies every
 * {@link Capability} bean of the application context to each client) in a {@link ResilientClient}.
 */
public final class ResilienceCapability implements Capability {

    private final DownstreamGuards guards;
    private final MeterRegistry meters;

    public ResilienceCapability(DownstreamGuards guards, MeterRegistry meters) {
        this.guards = guards;
        this.meters = meters;
    }

    @Override
    public Client enrich(Client client) {
        return client instanceof ResilientClient ? client : new ResilientClient(client, guards, meters);
    }
}
