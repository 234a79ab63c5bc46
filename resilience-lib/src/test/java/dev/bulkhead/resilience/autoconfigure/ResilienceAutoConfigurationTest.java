package dev.bulkhead.resilience.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.resilience.ResilienceProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ResilienceAutoConfigurationTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class));

    @Test
    void bindsTheNamedDefaultsWhenNothingIsConfigured() {
        context.run(it -> {
            var http = it.getBean(ResilienceProperties.class).http();
            assertThat(http.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(http.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void refusesToStartWithAnInvalidTimeout() {
        context.withPropertyValues("bulkhead.resilience.http.connect-timeout=-1s")
                .run(it -> assertThat(it).hasFailed());
    }

    @Test
    void letsATestReplaceTheClock() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        context.withBean(Clock.class, () -> fixed)
                .run(it -> assertThat(it.getBean(Clock.class)).isSameAs(fixed));
    }
}
