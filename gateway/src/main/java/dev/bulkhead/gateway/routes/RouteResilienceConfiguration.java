package dev.bulkhead.gateway.routes;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.PropertiesRouteDefinitionLocator;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Route resilience: the routes with their timeouts and filter, the filter itself, and the defaults
 * of the Resilience4j breakers and bulkheads Spring Cloud CircuitBreaker creates per route. The
 * breakers' time limiter is switched off ({@code spring.cloud.circuitbreaker.resilience4j.disable-time-limiter}
 * in application.yml): the response timeout of each attempt already bounds a call, and a second,
 * global timer would cut off retries and slow routes alike.
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
    RouteResilienceGatewayFilterFactory routeResilienceGatewayFilterFactory(
            SpringCloudCircuitBreakerFilterFactory circuitBreakers,
            RetryGatewayFilterFactory retries,
            RouteSettings settings) {
        return new RouteResilienceGatewayFilterFactory(circuitBreakers, retries, settings);
    }

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> routeBreakerDefaults(RouteSettings settings) {
        RouteSettings.Breaker breaker = settings.breaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindow())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRate())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.halfOpenCalls())
                // A request the bulkhead turned away never reached the service: not its failure.
                .ignoreExceptions(BulkheadFullException.class)
                .build();
        // Unused while the time limiter is disabled; if it is switched on, it must not undercut retries.
        TimeLimiterConfig timeLimiter = TimeLimiterConfig.custom()
                .timeoutDuration(settings.responseTimeout()
                        .multipliedBy(settings.retry().retries() + 1L)
                        .plus(settings.retry()
                                .maxBackoff()
                                .multipliedBy(settings.retry().retries())))
                .build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(config)
                .timeLimiterConfig(timeLimiter)
                .build());
    }

    @Bean
    Customizer<ReactiveResilience4jBulkheadProvider> routeBulkheadDefaults(RouteSettings settings) {
        BulkheadConfig config = BulkheadConfig.custom()
                .maxConcurrentCalls(settings.breaker().maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build();
        return provider -> provider.configureDefault(id -> new Resilience4jBulkheadConfigurationBuilder()
                .bulkheadConfig(config)
                .build());
    }
}
