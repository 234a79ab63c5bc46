package dev.bulkhead.gateway.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.PropertiesRouteDefinitionLocator;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import reactor.core.publisher.Flux;

/**
 * The routes of {@code spring.cloud.gateway.server.webflux.routes}, each given the gateway's
 * resilience: its connect and response timeouts as route metadata (unless the route sets its own),
 * and the {@link RouteResilienceGatewayFilterFactory RouteResilience} filter before its own filters.
 * A route written in YAML thus cannot forget a timeout or a breaker. Replaces the gateway's own
 * locator of the same type, and copies each definition instead of changing the bound properties.
 */
final class ResilientRoutes extends PropertiesRouteDefinitionLocator {

    private final RouteSettings settings;

    ResilientRoutes(GatewayProperties properties, RouteSettings settings) {
        super(properties);
        this.settings = settings;
    }

    @Override
    public Flux<RouteDefinition> getRouteDefinitions() {
        return super.getRouteDefinitions().map(this::resilient);
    }

    RouteDefinition resilient(RouteDefinition route) {
        RouteDefinition copy = new RouteDefinition();
        copy.setId(route.getId());
        copy.setUri(route.getUri());
        copy.setOrder(route.getOrder());
        copy.setEnabled(route.isEnabled());
        copy.setPredicates(route.getPredicates());

        Map<String, Object> metadata = new LinkedHashMap<>(route.getMetadata());
        metadata.putIfAbsent(
                RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR,
                settings.responseTimeoutOf(route.getId()).toMillis());
        metadata.putIfAbsent(
                RouteMetadataUtils.CONNECT_TIMEOUT_ATTR,
                Math.toIntExact(settings.connectTimeout().toMillis()));
        copy.setMetadata(metadata);

        List<FilterDefinition> filters = new ArrayList<>();
        filters.add(new FilterDefinition(RouteResilienceGatewayFilterFactory.NAME));
        filters.addAll(route.getFilters());
        copy.setFilters(filters);
        return copy;
    }
}
