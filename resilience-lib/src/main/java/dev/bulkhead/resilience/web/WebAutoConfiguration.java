package dev.bulkhead.resilience.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import tools.jackson.databind.module.SimpleModule;

/** Servlet services with a database get {@link SaturationProblems} and JSON text without NUL. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(CannotGetJdbcConnectionException.class)
public class WebAutoConfiguration {

    /** Every JSON body a service reads refuses text Postgres cannot store: see {@link TextWithoutNul}. */
    @Bean
    JsonMapperBuilderCustomizer textWithoutNul() {
        return builder -> builder.addModule(
                new SimpleModule("bulkhead-text-without-nul").addDeserializer(String.class, new TextWithoutNul()));
    }

    @Bean
    @ConditionalOnMissingBean
    SaturationProblems saturationProblems(ObjectProvider<MeterRegistry> meters, Environment environment) {
        return new SaturationProblems(
                meters.getIfAvailable(() -> Metrics.globalRegistry),
                environment.getProperty("spring.jdbc.template.query-timeout", Duration.class));
    }
}
