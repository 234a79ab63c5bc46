package dev.bulkhead.gateway.routes;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.PropertiesRouteDefinitionLocator;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Route resilience: the routes with their timeouts and filter, the filter itself, and the breaker
 * every route gets. Spring Cloud Gateway's own CircuitBreaker filter is not used: it can only judge a
 * call once it has ended, and its bulkhead is a fixed cap (see {@link RouteGuard}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RouteSettings.class)
class RouteResilienceConfiguration {

    @Bean
    PropertiesRouteDefinitionLocator propertiesRouteDefinitionLocator(
            GatewayProperties gateway, RouteSettings settings) {
        return new ResilientRoutes(gateway, settings);
    }

    @Bean
    RouteRefusals routeRefusals(MeterRegistry meters) {
        return new RouteRefusals(meters);
    }

    @Bean
    RouteFallback routeFallback(RouteSettings settings, RouteRefusals refusals) {
        return new RouteFallback(settings, refusals);
    }

    /** Deadlines of calls in flight (response timeouts, slow calls, queue waits); never runs a request. */
    @Bean(destroyMethod = "close")
    WheelTimer routeCallTimer() {
        return WheelTimer.withDefaults("route-deadlines");
    }

    @Bean
    RouteResilienceGatewayFilterFactory routeResilienceGatewayFilterFactory(
            CircuitBreakerRegistry breakers,
            RetryGatewayFilterFactory retries,
            RouteSettings settings,
            RouteFallback fallback,
            RouteRefusals refusals,
            MeterRegistry meters,
            WheelTimer routeCallTimer) {
        return new RouteResilienceGatewayFilterFactory(
                breakers,
                routeBreaker(settings.breaker()),
                retries,
                settings,
                fallback,
                refusals,
                meters,
                routeCallTimer);
    }

    static CircuitBreakerConfig routeBreaker(RouteSettings.Breaker breaker) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindow())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRate())
                .slowCallDurationThreshold(breaker.slowCallDuration())
                .slowCallRateThreshold(breaker.slowCallRate())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                .build();
    }
}
