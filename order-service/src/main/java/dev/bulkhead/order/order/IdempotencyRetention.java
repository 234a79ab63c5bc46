package dev.bulkhead.order.order;

import dev.bulkhead.resilience.retention.Retention;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Used Idempotency-Keys are forgotten after {@link IdempotencySettings#keyRetention()}, by resilience-lib's sweep. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencySettings.class)
class IdempotencyRetention {

    @Bean
    Retention idempotencyKeyRetention(IdempotencySettings settings) {
        return new Retention("idempotency_key", "created_at", settings.keyRetention());
    }
}
