package dev.bulkhead.resilience.discovery.internal;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Told by every load-balanced call how it ended (the gateway's {@code lb://} routes, Feign clients,
 * load-balanced WebClients): a failed connection ejects the instance at once, so a retry of the same
 * request already lands on another one; an answer, whatever its status, brings it back.
 */
public final class EjectOnConnectionFailure implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

    private final Ejections ejections;

    public EjectOnConnectionFailure(Ejections ejections) {
        this.ejections = ejections;
    }

    @Override
    public void onStart(Request<Object> request) {}

    @Override
    public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {}

    @Override
    public void onComplete(CompletionContext<Object, ServiceInstance, Object> completion) {
        Response<ServiceInstance> chosen = completion.getLoadBalancerResponse();
        ServiceInstance instance = chosen != null && chosen.hasServer() ? chosen.getServer() : null;
        if (instance == null) {
            return;
        }
        switch (completion.status()) {
            case FAILED -> ejections.failed(instance, completion.getThrowable());
            case SUCCESS -> ejections.answered(instance);
            default -> {}
        }
    }
}
