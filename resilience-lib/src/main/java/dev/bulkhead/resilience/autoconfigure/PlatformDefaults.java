package dev.bulkhead.resilience.autoconfigure;

import dev.bulkhead.resilience.ResilienceProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

/**
 * Adds the settings every Bulkhead application shares (actuator probes, metrics, tracing, Kafka
 * delivery guarantees, graceful shutdown, HTTP client timeouts) as the lowest-precedence property
 * source, so that a service's own {@code application.yml}, profiles and the environment still win.
 *
 * <p>Why an environment post-processor and not a copied {@code application.yml}: seven copies drift;
 * one file in the library that every service depends on cannot.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULTS = "bulkhead-defaults.properties";
    static final String JDBC_DEFAULTS = "bulkhead-jdbc-defaults.properties";
    static final String KAFKA_DEFAULTS = "bulkhead-kafka-defaults.properties";
    static final String REDIS_DEFAULTS = "bulkhead-redis-defaults.properties";
    static final String DERIVED = "bulkheadDerivedClientSettings";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        var sources = environment.getPropertySources();
        ClassLoader classLoader = application.getClassLoader();
        if (ClassUtils.isPresent("org.springframework.jdbc.core.JdbcTemplate", classLoader)) {
            sources.addLast(load(JDBC_DEFAULTS));
        }
        if (ClassUtils.isPresent("org.springframework.kafka.core.KafkaTemplate", classLoader)) {
            sources.addLast(load(KAFKA_DEFAULTS));
        }
        if (ClassUtils.isPresent("org.springframework.data.redis.connection.RedisConnectionFactory", classLoader)) {
            sources.addLast(load(REDIS_DEFAULTS));
        }
        sources.addLast(load(DEFAULTS));
        // Derived from bulkhead.resilience.* so that one knob sets every client library's timeout;
        // added just above the defaults so an explicit spring.* or Feign setting still wins.
        sources.addBefore(DEFAULTS, new MapPropertySource(DERIVED, clientTimeouts(environment)));
    }

    static Map<String, Object> clientTimeouts(ConfigurableEnvironment environment) {
        ResilienceProperties properties =
                Binder.get(environment).bindOrCreate(ResilienceProperties.PREFIX, ResilienceProperties.class);
        ResilienceProperties.Http http = properties.http();
        Map<String, Object> derived = new LinkedHashMap<>();
        derived.put("spring.http.clients.connect-timeout", http.connectTimeout());
        derived.put("spring.http.clients.read-timeout", http.readTimeout());
        derived.put(
                "spring.cloud.openfeign.client.config.default.connect-timeout",
                http.connectTimeout().toMillis());
        derived.put(
                "spring.cloud.openfeign.client.config.default.read-timeout",
                http.readTimeout().toMillis());
        // bulkhead.resilience.downstreams.<client>.connect-timeout / read-timeout, per Feign client
        // ("default" included, which then replaces http.* for Feign).
        properties.downstreams().forEach((client, downstream) -> {
            String config = "spring.cloud.openfeign.client.config." + client;
            if (downstream.connectTimeout() != null) {
                derived.put(
                        config + ".connect-timeout", downstream.connectTimeout().toMillis());
            }
            if (downstream.readTimeout() != null) {
                derived.put(config + ".read-timeout", downstream.readTimeout().toMillis());
            }
        });
        return derived;
    }

    private static PropertySource<?> load(String name) {
        try {
            return new PropertiesPropertySourceLoader()
                    .load(name, new ClassPathResource(name, PlatformDefaults.class.getClassLoader()))
                    .getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("resilience-lib is missing " + name, e);
        }
    }

    @Override
    public int getOrder() {
        // After config data (application.yml) is loaded, so addLast really is the lowest precedence.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
