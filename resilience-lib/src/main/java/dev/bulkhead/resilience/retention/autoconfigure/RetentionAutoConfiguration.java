package dev.bulkhead.resilience.retention.autoconfigure;

import dev.bulkhead.resilience.retention.Retention;
import dev.bulkhead.resilience.retention.RetentionSettings;
import dev.bulkhead.resilience.retention.RetentionSweep;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** The retention sweep over every {@link Retention} bean, in a service with a database. */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnBean({DataSource.class, JdbcTemplate.class})
@ConditionalOnBooleanProperty(name = "bulkhead.retention.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RetentionSettings.class)
public class RetentionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RetentionSweep bulkheadRetentionSweep(
            JdbcTemplate jdbc,
            ObjectProvider<Retention> retentions,
            RetentionSettings settings,
            ObjectProvider<Clock> clock,
            ObjectProvider<MeterRegistry> meters) {
        return new RetentionSweep(
                jdbc,
                retentions.orderedStream().toList(),
                settings,
                clock.getIfAvailable(Clock::systemUTC),
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
