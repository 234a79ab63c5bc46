package dev.bulkhead.order.saga;

import dev.bulkhead.order.order.OrderDeadline;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The saga's settings, the deadline it gives new orders, and the scheduler its deadline job runs on. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SagaSettings.class)
class SagaConfiguration {

    @Bean
    OrderDeadline orderDeadline(SagaSettings settings) {
        return placedAt -> placedAt.plus(settings.deadline());
    }
}
