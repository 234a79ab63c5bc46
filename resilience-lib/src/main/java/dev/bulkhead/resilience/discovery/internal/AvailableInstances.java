package dev.bulkhead.resilience.discovery.internal;

import java.util.List;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import reactor.core.publisher.Flux;

/**
 * One service's instances as listed in {@code bulkhead.services.<name>}, less those {@link Ejections}
 * has taken out; the load balancer (round robin) picks among what is left, anew for every call.
 */
public final class AvailableInstances implements ServiceInstanceListSupplier {

    private final String serviceId;
    private final List<ServiceInstance> instances;
    private final Ejections ejections;

    public AvailableInstances(String serviceId, List<ServiceInstance> instances, Ejections ejections) {
        this.serviceId = serviceId;
        this.instances = List.copyOf(instances);
        this.ejections = ejections;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> Flux.just(ejections.available(instances)));
    }
}
