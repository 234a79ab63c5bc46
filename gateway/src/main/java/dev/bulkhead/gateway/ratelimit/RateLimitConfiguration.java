package dev.bulkhead.gateway.ratelimit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The limiter's tiers, the breaker between them, and the filters that apply them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitSettings.class)
@ConditionalOnProperty(name = "bulkhead.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

    /** The breaker around the limiter's Redis calls; its transitions are logged and exported with the others. */
    static final String REDIS_BREAKER = "rate-limit-redis";

    /** Once Redis is reachable again, the client reconnects within this long, however long it was away. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    @Bean
    TokenBuckets rateLimitTokenBuckets(
            RateLimitSettings settings,
            ReactiveStringRedisTemplate redis,
            CircuitBreakerRegistry breakers,
            Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        RateLimitSettings.Shared shared = settings.shared();
        CircuitBreaker breaker = breakers.circuitBreaker(
                REDIS_BREAKER, shared.breaker().configBuilder().build());
        return new TokenBuckets(
                new SharedTokenBuckets(redis, shared.keyPrefix()),
                new Leases(
                        shared.leasePercent(),
                        shared.maxLease(),
                        shared.leaseTtl(),
                        settings.local().maxBuckets(),
                        clock),
                new LocalTokenBuckets(settings.local().maxBuckets(), settings.longestRefill(), clock),
                breaker,
                shared.timeout(),
                shared.breakerFailAfter(),
                settings.local().instances(),
                meters.getIfAvailable());
    }

    @Bean
    ClientAddress rateLimitClientAddress(RateLimitSettings settings) {
        return new ClientAddress(settings.clientIp().trustedProxies());
    }

    @Bean
    RateLimitFilter rateLimitFilter(TokenBuckets buckets, ClientAddress clientAddress, RateLimitSettings settings) {
        return new RateLimitFilter(buckets, clientAddress, settings);
    }

    @Bean
    LoginRateLimit loginRateLimit(
            TokenBuckets buckets, ClientAddress clientAddress, JsonMapper json, RateLimitSettings settings) {
        return new LoginRateLimit(buckets, clientAddress, json, settings);
    }

    /**
     * While Redis is disconnected, commands fail at once instead of queueing until a reconnect (the
     * default): the limiter falls back without waiting out its timeout, and nothing piles up in memory.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer redisFailsFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /**
     * Lettuce's default reconnect delay doubles up to 30 s, so after a long outage Redis could stay
     * unused for half a minute after it is back; capped here at a second.
     */
    @Bean
    ClientResourcesBuilderCustomizer redisReconnectsWithinASecond() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
    }
}
