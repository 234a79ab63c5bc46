package dev.bulkhead.gateway.routes;

import java.net.ConnectException;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import reactor.netty.http.client.PrematureCloseException;

/**
 * {@code RouteResilience}: the gateway's own CircuitBreaker and Retry filters, configured from
 * {@link RouteSettings} and composed in one order: the breaker (with its bulkhead) outside, the
 * retries inside. So a request retried twice counts once toward the breaker, an open breaker refuses
 * before any attempt, and a refusal by the bulkhead is not held against the service.
 *
 * <ul>
 *   <li>The breaker is named after the route and falls back to {@link RouteFallback}, which answers
 *       with a problem document; 502, 503 and 504 from the service count as failures.
 *   <li>Only GET and HEAD are retried, with exponential backoff and jitter, after a connection that
 *       failed or closed before the response, or a 502, 503 or 504; never after the response timeout.
 * </ul>
 */
final class RouteResilienceGatewayFilterFactory
        extends AbstractGatewayFilterFactory<RouteResilienceGatewayFilterFactory.Config> {

    static final String NAME = "RouteResilience";

    /** The attribute under which the path the client asked for is kept for the fallback. */
    static final String ORIGINAL_PATH_ATTR = RouteResilienceGatewayFilterFactory.class.getName() + ".originalPath";

    static final Set<String> FAILURE_STATUSES = Set.of("502", "503", "504");

    private final SpringCloudCircuitBreakerFilterFactory circuitBreakers;
    private final RetryGatewayFilterFactory retries;
    private final RouteSettings settings;

    RouteResilienceGatewayFilterFactory(
            SpringCloudCircuitBreakerFilterFactory circuitBreakers,
            RetryGatewayFilterFactory retries,
            RouteSettings settings) {
        super(Config.class);
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GatewayFilter apply(Config config) {
        String routeId = config.getRouteId();
        GatewayFilter breaker = circuitBreakers.apply(
                routeId,
                breakerConfig -> breakerConfig
                        .setName(routeId)
                        .setFallbackUri("forward:" + RouteFallback.PATH)
                        .setStatusCodes(FAILURE_STATUSES));
        GatewayFilter retry = settings.retry().retries() == 0 ? null : retries.apply(routeId, this::retry);
        return (exchange, chain) -> {
            exchange.getAttributes()
                    .putIfAbsent(
                            ORIGINAL_PATH_ATTR, exchange.getRequest().getPath().value());
            return retry == null
                    ? breaker.filter(exchange, chain)
                    : breaker.filter(exchange, attempt -> retry.filter(attempt, chain));
        };
    }

    private void retry(RetryGatewayFilterFactory.RetryConfig retry) {
        RouteSettings.Retry settings = this.settings.retry();
        retry.setRetries(settings.retries())
                .setMethods(HttpMethod.GET, HttpMethod.HEAD)
                .setSeries()
                .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.GATEWAY_TIMEOUT)
                .setExceptions(ConnectException.class, PrematureCloseException.class)
                .setBackoff(settings.firstBackoff(), settings.maxBackoff(), settings.factor(), false);
        if (settings.jitter() > 0) {
            retry.setJitter(settings.jitter());
        }
    }

    /** Nothing to configure per route: the settings are the gateway's; the route id names the breaker. */
    public static class Config implements HasRouteId {

        private String routeId;

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }
    }
}
