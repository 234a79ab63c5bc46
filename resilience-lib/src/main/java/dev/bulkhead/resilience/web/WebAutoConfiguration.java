package dev.bulkhead.resilience.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** Servlet services with a database get {@link SaturationProblems}. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(CannotGetJdbcConnectionException.class)
public class WebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SaturationProblems saturationProblems(ObjectProvider<MeterRegistry> meters, Environment environment) {
        return new SaturationProblems(
                meters.getIfAvailable(() -> Metrics.globalRegistry),
                environment.getProperty("spring.jdbc.template.query-timeout", Duration.class));
    }
}
