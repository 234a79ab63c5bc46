package dev.bulkhead.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerSettingsTest {

    @Test
    void makesACountBasedBreakerThatJudgesAsConfigured() {
        CircuitBreakerConfig config = new BreakerSettings(20, 10, 50f, Duration.ofSeconds(10), 3)
                .configBuilder()
                .build();

        assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
        assertThat(config.getSlidingWindowSize()).isEqualTo(20);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(10);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(10_000L);
    }

    @Test
    void widensAWindowSmallerThanTheMinimumSoTheMinimumCanBeReached() {
        CircuitBreakerConfig config = new BreakerSettings(5, 12, 50f, Duration.ofSeconds(1), 2)
                .configBuilder()
                .build();

        assertThat(config.getSlidingWindowSize()).isEqualTo(12);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(12);
    }

    @Test
    void refusesSettingsThatCouldNeverOpenOrCloseTheBreaker() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BreakerSettings(20, 10, 0f, Duration.ofSeconds(1), 2))
                .withMessageContaining("failure rate");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BreakerSettings(20, 10, 101f, Duration.ofSeconds(1), 2))
                .withMessageContaining("failure rate");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BreakerSettings(20, 0, 50f, Duration.ofSeconds(1), 2))
                .withMessageContaining("minimum calls");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BreakerSettings(20, 10, 50f, Duration.ZERO, 2))
                .withMessageContaining("wait in open");
    }
}
