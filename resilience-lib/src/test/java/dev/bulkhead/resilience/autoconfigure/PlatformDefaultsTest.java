package dev.bulkhead.resilience.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PlatformDefaultsTest {

    private final PlatformDefaults defaults = new PlatformDefaults();

    @Test
    void givesEveryApplicationProbesMetricsTracingAndGracefulShutdown() {
        var environment = postProcessed(Map.of("spring.application.name", "order-service"));

        assertThat(environment.getProperty("management.endpoint.health.probes.enabled"))
                .isEqualTo("true");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .contains("health", "prometheus", "info");
        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .as("a production-like share of requests recorded")
                .isEqualTo("0.1");
        assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(environment.getProperty("management.metrics.tags.application"))
                .isEqualTo("order-service");
    }

    @Test
    void keepsOtlpExportOffUntilOneFlagTurnsItOn() {
        var off = postProcessed(Map.of());
        assertThat(off.getProperty("management.tracing.export.otlp.enabled")).isEqualTo("false");
        assertThat(off.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");

        var on = postProcessed(
                Map.of("bulkhead.otlp.enabled", "true", "bulkhead.otlp.endpoint", "http://collector:4318"));
        assertThat(on.getProperty("management.tracing.export.otlp.enabled")).isEqualTo("true");
        assertThat(on.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(on.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("true");
    }

    @Test
    void letsTheServiceAndTheEnvironmentOverrideAnyDefault() {
        var environment =
                postProcessed(Map.of("server.shutdown", "immediate", "spring.kafka.bootstrap-servers", "kafka:9092"));

        assertThat(environment.getProperty("server.shutdown")).isEqualTo("immediate");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo("kafka:9092");
    }

    @Test
    void pointsEachServiceAtItsOwnDatabaseAndPutsOnlyThatInReadiness() {
        var environment = postProcessed(Map.of("bulkhead.database.name", "orders"));

        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://localhost:5432/orders");
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,db");
        assertThat(environment.getProperty("management.endpoint.health.group.liveness.include"))
                .isEqualTo("livenessState");
    }

    @Test
    void makesKafkaDeliveryDurableAndIdempotent() {
        var environment = postProcessed(Map.of("spring.application.name", "payment-service"));

        assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
        assertThat(environment.getProperty("spring.kafka.producer.properties.enable.idempotence"))
                .isEqualTo("true");
        assertThat(environment.getProperty("spring.kafka.consumer.group-id")).isEqualTo("payment-service");
        assertThat(environment.getProperty("spring.kafka.consumer.enable-auto-commit"))
                .isEqualTo("false");
    }

    @Test
    void derivesEveryHttpClientTimeoutFromOneSetting() {
        var defaulted = postProcessed(Map.of());
        assertThat(defaulted.getProperty("spring.http.clients.connect-timeout", Duration.class))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(defaulted.getProperty("spring.http.clients.read-timeout", Duration.class))
                .isEqualTo(Duration.ofSeconds(3));

        var tuned = postProcessed(Map.of(
                "bulkhead.resilience.http.connect-timeout", "250ms",
                "bulkhead.resilience.http.read-timeout", "2s"));
        assertThat(tuned.getProperty("spring.http.clients.connect-timeout", Duration.class))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(tuned.getProperty("spring.cloud.openfeign.client.config.default.read-timeout"))
                .isEqualTo("2000");
    }

    @Test
    void boundsEveryJdbcStatementAndRedisCommand() {
        var environment = postProcessed(Map.of());

        assertThat(environment.getProperty("spring.jdbc.template.query-timeout"))
                .isEqualTo("3s");
        assertThat(environment.getProperty("spring.data.redis.timeout")).isEqualTo("1s");
        assertThat(environment.getProperty("spring.data.redis.connect-timeout")).isEqualTo("1s");
        assertThat(postProcessed(Map.of("spring.data.redis.timeout", "250ms")).getProperty("spring.data.redis.timeout"))
                .isEqualTo("250ms");
    }

    @Test
    void rejectsATimeoutThatCouldNeverBeMet() {
        assertThatThrownBy(() -> postProcessed(Map.of("bulkhead.resilience.http.read-timeout", "0s")))
                .hasStackTraceContaining("bulkhead.resilience.http.read-timeout must be positive");
    }

    private ConfigurableEnvironment postProcessed(Map<String, Object> applicationProperties) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application", applicationProperties));
        defaults.postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
