package dev.bulkhead.resilience.discovery.autoconfigure;

import dev.bulkhead.resilience.discovery.ServiceTargets;
import dev.bulkhead.resilience.discovery.internal.AvailableInstances;
import dev.bulkhead.resilience.discovery.internal.Ejections;
import java.net.URI;
import java.util.List;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What each service's load-balancer context (Spring Cloud LoadBalancer makes one per service name)
 * gets instead of a discovery client: the static list of {@code bulkhead.services.<name>}, less the
 * ejected instances. The balancer itself stays Spring Cloud's default, round robin.
 */
@Configuration(proxyBeanMethods = false)
class PerServiceLoadBalancing {

    @Bean
    ServiceInstanceListSupplier bulkheadServiceInstances(
            Environment environment, ServiceTargets targets, Ejections ejections) {
        String service = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        List<ServiceInstance> instances =
                targets.of(service).stream().map(url -> instance(service, url)).toList();
        return new AvailableInstances(service, instances, ejections);
    }

    private static ServiceInstance instance(String service, URI url) {
        int port = ServiceTargets.port(url);
        return new DefaultServiceInstance(
                service + "@" + url.getHost() + ":" + port,
                service,
                url.getHost(),
                port,
                "https".equals(url.getScheme()));
    }
}
