package dev.bulkhead.resilience.outbox;

import dev.bulkhead.resilience.autoconfigure.FlywayLocations;
import dev.bulkhead.resilience.http.DownstreamTimeouts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox for an application with JDBC and spring-kafka: an {@link Outbox} bean,
 * the relay that publishes it, and the {@code bulkhead_outbox} table through the library's own
 * Flyway location {@code classpath:db/outbox} (a repeatable, idempotent migration, so it never
 * collides with the service's own version numbers).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
            "dev.bulkhead.resilience.autoconfigure.ResilienceAutoConfiguration"
        })
@ConditionalOnClass({JdbcTemplate.class, KafkaTemplate.class, JsonMapper.class})
@ConditionalOnBean({DataSource.class, JdbcTemplate.class, ProducerFactory.class, PlatformTransactionManager.class})
@ConditionalOnBooleanProperty(name = "bulkhead.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    /** Where the table's migration lives; an application without Flyway runs that script itself. */
    public static final String FLYWAY_LOCATION = "classpath:db/outbox";

    static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2); // Kafka's own default

    /** The meter of rows written but not yet acknowledged by Kafka: it grows while the broker is away. */
    public static final String BACKLOG = "bulkhead.outbox.backlog";

    @Bean
    @ConditionalOnClass(MeterBinder.class)
    MeterBinder bulkheadOutboxBacklog(JdbcTemplate jdbc) {
        return registry -> Gauge.builder(BACKLOG, () -> {
                    try {
                        Long pending = jdbc.queryForObject(
                                "SELECT count(*) FROM bulkhead_outbox WHERE published_at IS NULL", Long.class);
                        return pending == null ? 0 : pending;
                    } catch (RuntimeException e) {
                        return Double.NaN; // a scrape while the database is away: no number, not a wrong one
                    }
                })
                .description("Outbox rows not yet published to Kafka")
                .register(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay bulkheadOutboxRelay(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            ProducerFactory<?, ?> applicationProducers,
            OutboxProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            ObjectProvider<MeterRegistry> meters) {
        Map<String, Object> config = relayProducerConfig(applicationProducers.getConfigurationProperties());
        ProducerFactory<String, byte[]> producers =
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        Object timeout = config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        Duration delivery =
                timeout == null ? DEFAULT_DELIVERY_TIMEOUT : Duration.ofMillis(Long.parseLong(timeout.toString()));
        return new OutboxRelay(
                jdbc,
                new TransactionTemplate(transactionManager),
                producers,
                properties,
                clock.getIfAvailable(Clock::systemUTC),
                delivery,
                tracer,
                propagator,
                Optional.ofNullable(meters.getIfAvailable())
                        .map(DownstreamTimeouts::new)
                        .orElse(null));
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox bulkheadOutbox(
            JdbcTemplate jdbc,
            JsonMapper json,
            ObjectProvider<Clock> clock,
            Environment environment,
            ObjectProvider<Tracer> tracer,
            OutboxRelay relay) {
        return new Outbox(
                jdbc,
                json,
                clock.getIfAvailable(Clock::systemUTC),
                environment.getRequiredProperty("spring.application.name"),
                tracer,
                relay::wakeUp);
    }

    /** The application's producer settings, with what the outbox's guarantees depend on enforced. */
    static Map<String, Object> relayProducerConfig(Map<String, Object> application) {
        Map<String, Object> config = new HashMap<>(application);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // More than 5 in flight would let a retried batch overtake the next one (order per key).
        Object inFlight = config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight == null || Integer.parseInt(inFlight.toString()) > 5) {
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        }
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        Object clientId = config.get(ProducerConfig.CLIENT_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, (clientId == null ? "" : clientId + "-") + "outbox-relay");
        return config;
    }

    /** Adds the outbox table's migration to whatever locations the application's Flyway has. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({FlywayConfigurationCustomizer.class, Location.class})
    static class FlywayLocation {

        @Bean
        FlywayConfigurationCustomizer bulkheadOutboxFlywayLocation() {
            return FlywayLocations.adding(FLYWAY_LOCATION);
        }
    }
}
