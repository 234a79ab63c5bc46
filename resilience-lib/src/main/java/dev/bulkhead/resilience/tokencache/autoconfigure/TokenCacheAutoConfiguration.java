package dev.bulkhead.resilience.tokencache.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.bulkhead.resilience.ResilienceProperties;
import dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration;
import dev.bulkhead.resilience.discovery.ServiceCalls;
import dev.bulkhead.resilience.discovery.autoconfigure.LoadBalancingAutoConfiguration;
import dev.bulkhead.resilience.security.BulkheadSecurityProperties;
import dev.bulkhead.resilience.security.PollingRevocationList;
import dev.bulkhead.resilience.security.RevocationList;
import dev.bulkhead.resilience.security.TokenVerification;
import dev.bulkhead.resilience.security.autoconfigure.TokenSecurityAutoConfiguration;
import dev.bulkhead.resilience.tokencache.RevocationFanout;
import dev.bulkhead.resilience.tokencache.TokenCache;
import dev.bulkhead.resilience.tokencache.TokenCacheProperties;
import dev.bulkhead.resilience.tokencache.TokenRevocations;
import dev.bulkhead.resilience.tokencache.internal.GuardedCalls;
import dev.bulkhead.resilience.tokencache.internal.RedisSharedTier;
import dev.bulkhead.resilience.tokencache.internal.SharedTier;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Puts the token cache in front of token verification: the {@code bulkheadJwtProcessor} and
 * {@code revocationList} beans that {@link TokenSecurityAutoConfiguration} would otherwise define,
 * with a shared Redis tier where the application has a {@link ReactiveStringRedisTemplate} (the
 * gateway) and a local tier only where it has not. The Redis breaker is {@value #BREAKER}, in the
 * application's {@link CircuitBreakerRegistry} if it has one (so its state is in
 * {@code resilience4j_circuitbreaker_state}).
 */
@AutoConfiguration(
        after = {ResilienceAutoConfiguration.class, LoadBalancingAutoConfiguration.class},
        before = TokenSecurityAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnClass({
    JwtDecoder.class,
    JWTProcessor.class,
    Caffeine.class,
    CircuitBreaker.class,
    CircuitBreakerOperator.class
})
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = TokenSecurityAutoConfiguration.ENABLED, matchIfMissing = true)
@ConditionalOnBooleanProperty(name = TokenCacheProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties({BulkheadSecurityProperties.class, TokenCacheProperties.class})
public class TokenCacheAutoConfiguration {

    /** The breaker around the token cache's Redis calls. */
    public static final String BREAKER = TokenCache.REDIS_BREAKER;

    @Bean
    @ConditionalOnMissingBean
    TokenCache tokenCache(
            TokenCacheProperties settings,
            ObjectProvider<SharedTier> shared,
            ObjectProvider<GuardedCalls> guard,
            Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        return new TokenCache(
                settings, shared.getIfAvailable(), guard.getIfAvailable(), clock, meters.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean(name = "bulkheadJwtProcessor")
    JWTProcessor<SecurityContext> bulkheadJwtProcessor(
            TokenCache cache,
            BulkheadSecurityProperties security,
            ResilienceProperties resilience,
            ObjectProvider<ServiceCalls> calls) {
        return cache.around(TokenVerification.processor(
                security.jwt(),
                resilience.http().connectTimeout(),
                resilience.http().readTimeout(),
                calls.getIfAvailable()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(
            name = BulkheadSecurityProperties.PREFIX + ".revocations.enabled",
            matchIfMissing = true)
    RevocationList revocationList(
            BulkheadSecurityProperties security,
            ResilienceProperties resilience,
            ObjectProvider<SharedTier> shared,
            Clock clock,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ServiceCalls> calls) {
        PollingRevocationList polling = new PollingRevocationList(
                security.revocations(),
                security.jwt(),
                clock,
                resilience.http().connectTimeout(),
                resilience.http().readTimeout(),
                calls.getIfAvailable());
        return new TokenRevocations(
                security.revocations(),
                TokenRevocations.Source.of(polling),
                shared.getIfAvailable(),
                clock,
                meters.getIfAvailable());
    }

    /** The shared tier, where the application talks to Redis. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveStringRedisTemplate.class)
    @ConditionalOnBean(ReactiveStringRedisTemplate.class)
    static class SharedTierConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SharedTier tokenCacheSharedTier(
                ReactiveStringRedisTemplate redis, TokenCacheProperties settings, BulkheadSecurityProperties security) {
            return new RedisSharedTier(
                    redis,
                    settings.revocationsKey(),
                    settings.revocationsChannel(),
                    security.jwt().maxTokenLifetime().plus(security.jwt().clockSkew()));
        }

        @Bean
        @ConditionalOnMissingBean
        GuardedCalls tokenCacheGuardedCalls(
                TokenCacheProperties settings,
                ObjectProvider<CircuitBreakerRegistry> registry,
                ObjectProvider<MeterRegistry> meters) {
            CircuitBreakerConfig config = settings.breaker().configBuilder().build();
            CircuitBreaker breaker =
                    registry.getIfAvailable(CircuitBreakerRegistry::ofDefaults).circuitBreaker(BREAKER, config);
            return new GuardedCalls(breaker, settings.redisTimeout(), meters.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean
        RevocationFanout revocationFanout(SharedTier shared, TokenCacheProperties settings, Clock clock) {
            return new RevocationFanout(shared, settings.redisTimeout().multipliedBy(4), clock);
        }
    }
}
