package dev.bulkhead.resilience.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.bulkhead.resilience.discovery.autoconfigure.LoadBalancingAutoConfiguration;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;

class ServiceTargetsTest {

    @Test
    void oneUrlIsAListOfOne() {
        ServiceTargets targets = ServiceTargets.parse(Map.of("inventory", "http://inventory-service:8085"));

        assertThat(targets.of("inventory")).containsExactly(URI.create("http://inventory-service:8085"));
    }

    @Test
    void aCommaSeparatedListIsEveryInstanceInOrder() {
        ServiceTargets targets =
                ServiceTargets.parse(Map.of("inventory", "http://localhost:8085, http://localhost:9085/"));

        assertThat(targets.of("inventory"))
                .containsExactly(URI.create("http://localhost:8085"), URI.create("http://localhost:9085"));
    }

    @Test
    void anUnconfiguredServiceHasNoInstances() {
        assertThat(ServiceTargets.parse(Map.of()).of("payment")).isEmpty();
    }

    @Test
    void refusesAnEntryWithoutScheme() {
        assertThatThrownBy(() -> ServiceTargets.parse(Map.of("inventory", "http://localhost:8085,localhost:9085")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bulkhead.services.inventory (BULKHEAD_SERVICES_INVENTORY)")
                .hasMessageContaining("'localhost:9085'")
                .hasMessageContaining("not an http:// or https:// URL");
    }

    @Test
    void refusesAnEmptyEntry() {
        assertThatThrownBy(() -> ServiceTargets.parse(Map.of("order", "http://localhost:8083,,http://localhost:9083")))
                .hasMessageContaining("bulkhead.services.order")
                .hasMessageContaining("empty entry");
    }

    @Test
    void refusesAPathBecauseCallersAddTheirOwn() {
        assertThatThrownBy(() -> ServiceTargets.parse(Map.of("user", "http://localhost:8082/api")))
                .hasMessageContaining("more than a base URL");
    }

    @Test
    void refusesTheSameInstanceTwice() {
        assertThatThrownBy(() -> ServiceTargets.parse(Map.of("user", "http://localhost:8082,http://localhost:8082/")))
                .hasMessageContaining("twice");
    }

    @Test
    void refusesANameThatCannotBeTheHostOfAnLbUri() {
        assertThatThrownBy(() -> ServiceTargets.parse(Map.of("my_service", "http://localhost:8082")))
                .hasMessageContaining("DNS label");
    }

    @Test
    void aBadUrlStopsStartUpWithAMessageNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ResilienceAutoConfiguration.class,
                        LoadBalancingAutoConfiguration.class,
                        LoadBalancerAutoConfiguration.class))
                .withPropertyValues("bulkhead.services.inventory=http://localhost:8085,htp//localhost:9085")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("bulkhead.services.inventory (BULKHEAD_SERVICES_INVENTORY)")
                        .hasMessageContaining("'htp//localhost:9085'"));
    }

    @Test
    void bindsEveryListUnderTheOnePrefix() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ResilienceAutoConfiguration.class,
                        LoadBalancingAutoConfiguration.class,
                        LoadBalancerAutoConfiguration.class))
                .withPropertyValues(
                        "bulkhead.services.inventory=http://localhost:8085,http://localhost:9085",
                        "bulkhead.services.auth=http://auth-service:8081")
                .run(context -> {
                    ServiceTargets targets = context.getBean(ServiceTargets.class);
                    assertThat(targets.of("inventory"))
                            .containsExactly(URI.create("http://localhost:8085"), URI.create("http://localhost:9085"));
                    assertThat(targets.of("auth")).containsExactly(URI.create("http://auth-service:8081"));
                });
    }
}
