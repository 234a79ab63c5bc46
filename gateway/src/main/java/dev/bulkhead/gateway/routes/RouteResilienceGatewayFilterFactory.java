package dev.bulkhead.gateway.routes;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import reactor.netty.http.client.PrematureCloseException;

/**
 * {@code RouteResilience}: one {@link RouteGuard} per route (breaker, adaptive concurrency limit,
 * retries), configured from {@link RouteSettings}. Each route's breaker lives in the application's
 * {@link CircuitBreakerRegistry} under the route's id, so it is in {@code /actuator/health} and the
 * {@code resilience4j_circuitbreaker_*} metrics with the others; its concurrency limit is exported as
 * {@value #LIMIT_METRIC}, {@value #INFLIGHT_METRIC} and {@value #QUEUED_METRIC}.
 *
 * <p>Only GET and HEAD are retried, with exponential backoff and jitter, after a connection that
 * failed, was reset or closed before the response, or a 502, 503 or 504; never after the response
 * timeout. Routes are {@code lb://}: each attempt goes to the instance the load balancer picks then.
 */
final class RouteResilienceGatewayFilterFactory
        extends AbstractGatewayFilterFactory<RouteResilienceGatewayFilterFactory.Config> {

    static final String NAME = "RouteResilience";

    static final String LIMIT_METRIC = "bulkhead.gateway.route.concurrency.limit";
    static final String INFLIGHT_METRIC = "bulkhead.gateway.route.concurrency.inflight";
    static final String QUEUED_METRIC = "bulkhead.gateway.route.concurrency.queued";

    /** The attribute under which the path the client asked for is kept for the fallback. */
    static final String ORIGINAL_PATH_ATTR = RouteResilienceGatewayFilterFactory.class.getName() + ".originalPath";

    /** A service's answers that count as failures of the route and are answered by the gateway. */
    static final Set<Integer> FAILURE_STATUSES = Set.of(502, 503, 504);

    private final CircuitBreakerRegistry breakers;
    private final CircuitBreakerConfig breakerConfig;
    private final RetryGatewayFilterFactory retries;
    private final RouteSettings settings;
    private final RouteFallback fallback;
    private final RouteRefusals refusals;
    private final MeterRegistry meters;
    private final CallTimer timer;
    /** Kept across route refreshes: a refresh must not forget what a limit has learned. */
    private final Map<String, RouteConcurrency> limits = new ConcurrentHashMap<>();

    RouteResilienceGatewayFilterFactory(
            CircuitBreakerRegistry breakers,
            CircuitBreakerConfig breakerConfig,
            RetryGatewayFilterFactory retries,
            RouteSettings settings,
            RouteFallback fallback,
            RouteRefusals refusals,
            MeterRegistry meters,
            CallTimer timer) {
        super(Config.class);
        this.breakers = breakers;
        this.breakerConfig = breakerConfig;
        this.retries = retries;
        this.settings = settings;
        this.fallback = fallback;
        this.refusals = refusals;
        this.meters = meters;
        this.timer = timer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GatewayFilter apply(Config config) {
        String routeId = config.getRouteId();
        GatewayFilter retry = settings.retry().retries() == 0 ? null : retries.apply(routeId, this::retry);
        RouteGuard guard = new RouteGuard(
                routeId,
                breakers.circuitBreaker(routeId, breakerConfig),
                limits.computeIfAbsent(routeId, this::concurrency),
                retry,
                fallback,
                timer,
                settings.breaker().slowCallDuration());
        return (exchange, chain) -> {
            exchange.getAttributes()
                    .putIfAbsent(
                            ORIGINAL_PATH_ATTR, exchange.getRequest().getPath().value());
            return guard.filter(exchange, chain);
        };
    }

    private RouteConcurrency concurrency(String routeId) {
        RouteConcurrency concurrency = new RouteConcurrency(routeId, settings.concurrency(), timer);
        gauge(LIMIT_METRIC, "The route's adaptive concurrency limit", routeId, concurrency, RouteConcurrency::limit);
        gauge(INFLIGHT_METRIC, "Calls the route has in flight", routeId, concurrency, RouteConcurrency::inflight);
        gauge(QUEUED_METRIC, "Requests waiting for the route's limit", routeId, concurrency, RouteConcurrency::queued);
        refusals.register(routeId);
        return concurrency;
    }

    private void gauge(
            String name,
            String description,
            String routeId,
            RouteConcurrency concurrency,
            ToDoubleFunction<RouteConcurrency> value) {
        Gauge.builder(name, concurrency, value)
                .description(description)
                .tag("route", routeId)
                .register(meters);
    }

    private void retry(RetryGatewayFilterFactory.RetryConfig retry) {
        RouteSettings.Retry settings = this.settings.retry();
        retry.setRetries(settings.retries())
                .setMethods(HttpMethod.GET, HttpMethod.HEAD)
                .setSeries()
                .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.GATEWAY_TIMEOUT)
                // Any broken connection (refused, reset mid-call by an instance that died, closed before
                // the answer): the next attempt is load-balanced anew, and the instance that broke it
                // is already ejected. Timeouts are not IOExceptions here and stay unretried.
                .setExceptions(ConnectException.class, PrematureCloseException.class, IOException.class)
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
