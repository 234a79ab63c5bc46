package dev.bulkhead.resilience.discovery.autoconfigure;

import dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.bulkhead.resilience.discovery.LoadBalancingSettings;
import dev.bulkhead.resilience.discovery.ServiceCalls;
import dev.bulkhead.resilience.discovery.ServiceTargets;
import dev.bulkhead.resilience.discovery.internal.EjectOnConnectionFailure;
import dev.bulkhead.resilience.discovery.internal.Ejections;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud LoadBalancer over {@code bulkhead.services.*}: every service's load balancer lists the
 * configured instances ({@link PerServiceLoadBalancing}), round robin, and every load-balanced call
 * reports how it ended, so an instance that refuses connections is ejected for
 * {@code bulkhead.load-balancing.ejection-time}. A malformed list stops start-up.
 */
@AutoConfiguration(after = ResilienceAutoConfiguration.class, before = LoadBalancerAutoConfiguration.class)
@ConditionalOnClass(ServiceInstanceListSupplier.class)
@EnableConfigurationProperties(LoadBalancingSettings.class)
@LoadBalancerClients(defaultConfiguration = PerServiceLoadBalancing.class)
public class LoadBalancingAutoConfiguration {

    @Bean
    ServiceTargets serviceTargets(Environment environment) {
        Map<String, String> configured = Binder.get(environment)
                .bind(ServiceTargets.PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        return ServiceTargets.parse(configured);
    }

    @Bean
    Ejections loadBalancingEjections(LoadBalancingSettings settings, Clock clock) {
        return new Ejections(settings.ejectionTime(), clock);
    }

    @Bean
    EjectOnConnectionFailure ejectOnConnectionFailure(Ejections ejections) {
        return new EjectOnConnectionFailure(ejections);
    }

    /**
     * Spring Cloud LoadBalancer makes each service's context on its first call, serialised, about a
     * second each on a busy machine: a composition that asks three services at once would spend its
     * whole part timeout waiting for them. Made at start-up instead, for every configured service.
     */
    @Bean
    SmartInitializingSingleton loadBalancerContextsAtStartUp(
            ObjectProvider<ReactiveLoadBalancer.Factory<ServiceInstance>> balancers, ServiceTargets targets) {
        return () -> {
            ReactiveLoadBalancer.Factory<ServiceInstance> factory = balancers.getIfAvailable();
            if (factory != null) {
                targets.services().forEach(factory::getInstance);
            }
        };
    }

    @Bean
    ServiceCalls serviceCalls(
            ReactiveLoadBalancer.Factory<ServiceInstance> balancers, ServiceTargets targets, Ejections ejections) {
        return new ServiceCalls(balancers, targets, ejections);
    }
}
