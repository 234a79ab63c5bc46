package dev.bulkhead.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

class ResilientRoutesTest {

    private static RouteSettings settings(Map<String, Duration> perRoute) {
        return new RouteSettings(
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                perRoute,
                new RouteSettings.Retry(2, Duration.ofMillis(50), Duration.ofMillis(500), 2, 0.5),
                new RouteSettings.Breaker(20, 10, 50, Duration.ofSeconds(1), 50, Duration.ofSeconds(10), 3),
                new RouteSettings.Concurrency(20, 10, 200, 1024, Duration.ofSeconds(1)));
    }

    @Test
    void refusesAConcurrencyLimitTooLowForAHungServiceToOpenItsBreaker() {
        var breaker = new RouteSettings.Breaker(20, 10, 50, Duration.ofSeconds(1), 50, Duration.ofSeconds(10), 3);
        var tooLow = new RouteSettings.Concurrency(20, 9, 200, 1024, Duration.ofSeconds(1));

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new RouteSettings(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Map.of(),
                        new RouteSettings.Retry(2, Duration.ofMillis(50), Duration.ofMillis(500), 2, 0.5),
                        breaker,
                        tooLow))
                .withMessageContaining("min-limit (9)")
                .withMessageContaining("10 calls");
    }

    private static RouteDefinition route(String id, Map<String, Object> metadata) {
        RouteDefinition route = new RouteDefinition();
        route.setId(id);
        route.setUri(URI.create("http://localhost:8083"));
        route.setMetadata(new java.util.HashMap<>(metadata));
        route.setFilters(new java.util.ArrayList<>(List.of(new FilterDefinition("SetPath=/v3/api-docs"))));
        return route;
    }

    private static List<RouteDefinition> resilient(RouteSettings settings, RouteDefinition... routes) {
        GatewayProperties properties = new GatewayProperties();
        properties.setRoutes(List.of(routes));
        return new ResilientRoutes(properties, settings)
                .getRouteDefinitions()
                .collectList()
                .block();
    }

    @Test
    void givesEveryRouteTimeoutsAndTheResilienceFilterFirst() {
        RouteDefinition orders =
                resilient(settings(Map.of()), route("orders", Map.of())).getFirst();

        assertThat(orders.getMetadata())
                .containsEntry(RouteGuard.CALL_TIMEOUT_ATTR, 5000L)
                .containsEntry("connect-timeout", 1000)
                // Kept by RouteGuard on the timing wheel, not by Spring Cloud Gateway's Flux.timeout.
                .containsEntry("response-timeout", -1L);
        assertThat(orders.getFilters())
                .extracting(FilterDefinition::getName)
                .containsExactly(RouteResilienceGatewayFilterFactory.NAME, "SetPath");
    }

    @Test
    void aRoutesOwnTimeoutWinsAndPerRouteSettingsComeNext() {
        List<RouteDefinition> routes = resilient(
                settings(Map.of("payments", Duration.ofSeconds(2))),
                route("orders", Map.of("response-timeout", 800)),
                route("payments", Map.of()));

        assertThat(routes.get(0).getMetadata()).containsEntry(RouteGuard.CALL_TIMEOUT_ATTR, 800L);
        assertThat(routes.get(1).getMetadata()).containsEntry(RouteGuard.CALL_TIMEOUT_ATTR, 2000L);
    }

    @Test
    void leavesTheBoundPropertiesAsTheyWere() {
        RouteDefinition original = route("orders", Map.of());
        GatewayProperties properties = new GatewayProperties();
        properties.setRoutes(List.of(original));
        ResilientRoutes routes = new ResilientRoutes(properties, settings(Map.of()));

        routes.getRouteDefinitions().blockLast();
        RouteDefinition second = routes.getRouteDefinitions().blockFirst();

        assertThat(original.getFilters()).hasSize(1);
        assertThat(original.getMetadata()).isEmpty();
        assertThat(second.getFilters()).hasSize(2);
    }
}
