package dev.bulkhead.resilience.discovery;

import dev.bulkhead.resilience.discovery.internal.Ejections;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import reactor.core.publisher.Mono;

/**
 * Blocking calls to a service through the same load balancer as the gateway's routes and the Feign
 * clients, for callers that use neither (the JWKS fetch, the revocation poll): each attempt goes to
 * the instance the load balancer picks, and one whose connection fails is ejected and the call made
 * again on another, at most once per instance. Only for calls that are safe to repeat.
 */
public final class ServiceCalls {

    /** Choosing reads a list in memory; anything near this means the load balancer is broken. */
    private static final Duration CHOICE_TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveLoadBalancer.Factory<ServiceInstance> balancers;
    private final ServiceTargets targets;
    private final Ejections ejections;

    /**
     * @param balancers Spring Cloud LoadBalancer's per-service balancers
     * @param targets the configured instances, to bound the attempts
     * @param ejections where a failed connection is reported
     */
    public ServiceCalls(
            ReactiveLoadBalancer.Factory<ServiceInstance> balancers, ServiceTargets targets, Ejections ejections) {
        this.balancers = balancers;
        this.targets = targets;
        this.ejections = ejections;
    }

    /** One attempt of a call, given the chosen instance's base URL. */
    @FunctionalInterface
    public interface Call<T> {

        /**
         * @param baseUrl e.g. {@code http://localhost:8081}, without a trailing slash
         * @return the answer
         * @throws IOException when the connection fails (the next instance is tried) or anything else
         *     goes wrong
         */
        T to(URI baseUrl) throws IOException;
    }

    /**
     * @param service a name from {@code bulkhead.services}
     * @param call the call, made with one instance's base URL
     * @return the first answer
     * @throws IOException the last failure, when no instance could be reached
     */
    public <T> T call(String service, Call<T> call) throws IOException {
        int attempts = Math.max(1, targets.of(service).size());
        IOException last = null;
        for (int attempt = 0; attempt < attempts; attempt++) {
            ServiceInstance instance = choose(service);
            try {
                // getUri(), not getScheme(): a DefaultServiceInstance made from host, port and "secure" has no scheme.
                T answer = call.to(instance.getUri());
                ejections.answered(instance);
                return answer;
            } catch (IOException e) {
                ejections.failed(instance, e);
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last;
    }

    private ServiceInstance choose(String service) throws IOException {
        ReactiveLoadBalancer<ServiceInstance> balancer = balancers.getInstance(service);
        Response<ServiceInstance> chosen =
                balancer == null ? null : Mono.from(balancer.choose()).block(CHOICE_TIMEOUT);
        if (chosen == null || !chosen.hasServer()) {
            throw new IOException(
                    "No instance of " + service + " is configured (" + ServiceTargets.PREFIX + "." + service + ")");
        }
        return chosen.getServer();
    }
}
