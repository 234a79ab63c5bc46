package dev.bulkhead.resilience.feign.internal;

import feign.Capability;
import feign.Client;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wraps the {@link Client} of every Feign client Spring Cloud OpenFeign builds (it applies every
 * {@link Capability} bean of the application context to each client) in a {@link ResilientClient}.
 *
 * <p>It wraps feign-micrometer's {@code MicrometerObservationCapability} too, so each attempt is a
 * CLIENT span of its own with its own {@code traceparent}: OpenTelemetry's HTTP conventions want one
 * span per request sent, a retry shows as the second span it is, and a call the bulkhead or breaker
 * refuses sends nothing and makes no span ({@code bulkhead.downstream.rejections} counts it). The
 * order is Spring Cloud OpenFeign's: it sorts capabilities by {@code @Order}, applies them innermost
 * first, and lists the client's own context (where it declares the observation capability) before
 * the application's; neither capability is ordered, so this one, the application's, comes last and
 * outermost ({@link ObservedFailureCapability}, ordered first, sits inside the observation).
 * {@code FeignResilienceIT.eachAttemptOfARetriedCallIsAClientSpanOfItsOwn} holds it there.
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
