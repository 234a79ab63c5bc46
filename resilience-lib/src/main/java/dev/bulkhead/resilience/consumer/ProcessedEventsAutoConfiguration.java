package dev.bulkhead.resilience.consumer;

import dev.bulkhead.resilience.autoconfigure.FlywayLocations;
import dev.bulkhead.resilience.retention.Retention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import javax.sql.DataSource;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ProcessedEvents} and its table, and the {@link EventDispatchers} built on them, for a service
 * that consumes events and has a database.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnClass({JdbcTemplate.class, org.springframework.kafka.core.KafkaOperations.class})
@ConditionalOnBean({DataSource.class, JdbcTemplate.class})
@EnableConfigurationProperties(ConsumerProperties.class)
public class ProcessedEventsAutoConfiguration {

    /** Where the processed-events table's migration lives; added to the application's Flyway locations. */
    public static final String FLYWAY_LOCATION = "classpath:db/consumer";

    /** Claims older than {@code bulkhead.consumer.processed-retention} go with the retention sweep. */
    @Bean
    Retention bulkheadProcessedEventsRetention(ConsumerProperties properties) {
        return new Retention("bulkhead_processed_event", "processed_at", properties.processedRetention());
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessedEvents bulkheadProcessedEvents(JdbcTemplate jdbc) {
        return new ProcessedEvents(jdbc);
    }

    /**
     * Dispatchers claim and apply in one transaction of the service's transaction manager, and read
     * bodies with the service's JSON mapper (made strict about scalar types, see the builder).
     */
    @Bean
    @ConditionalOnMissingBean
    EventDispatchers bulkheadEventDispatchers(
            ProcessedEvents processed,
            PlatformTransactionManager transactionManager,
            ObjectProvider<JsonMapper> json,
            ObjectProvider<MeterRegistry> meters) {
        return new EventDispatchers(
                processed::claim,
                new TransactionTemplate(transactionManager),
                json.getIfAvailable(() -> JsonMapper.builder().build()),
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({FlywayConfigurationCustomizer.class, Location.class})
    static class ProcessedEventsTable {

        @Bean
        FlywayConfigurationCustomizer bulkheadProcessedEventsFlywayLocation() {
            return FlywayLocations.adding(FLYWAY_LOCATION);
        }
    }
}
