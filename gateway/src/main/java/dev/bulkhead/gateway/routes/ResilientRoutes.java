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
 * resilience: its connect and response timeouts as route metadata (unless the route sets its own; the
 * response timeout under {@link RouteGuard#CALL_TIMEOUT_ATTR}, for {@link RouteGuard} to keep),
 * and the {@link RouteResilienceGatewayFilterFactory RouteResilience} filter before its own filters.
 * A route written in YAML thus cannot forget a timeout or a breaker. Replaces the gateway's own
 * locator of the same type, and copies each definition instead of changing the bound properties.
 */
final class ResilientRoutes extends PropertiesRouteDefinitionLocator {

    /** Spring Cloud Gateway's value for "no response timeout" in route metadata. */
    static final long NO_TIMEOUT_OF_ITS_OWN = -1L;

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
        // The route's response timeout is kept by RouteGuard on the gateway's timing wheel, for the whole
        // call; Spring Cloud Gateway's own (a Flux.timeout on Reactor's parallel scheduler, armed twice per
        // request) is switched off with -1. A route's own response-timeout still wins over the settings.
        Object own = metadata.get(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR);
        metadata.put(
                RouteGuard.CALL_TIMEOUT_ATTR,
                own == null ? settings.responseTimeoutOf(route.getId()).toMillis() : Long.parseLong(own.toString()));
        metadata.put(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, NO_TIMEOUT_OF_ITS_OWN);
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
