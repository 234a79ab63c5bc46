package dev.bulkhead.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {

    @Test
    void runsBelowSaturationForAMinuteUnlessToldOtherwise() {
        var settings = LoadSettings.from(new Properties());

        assertThat(settings.baseUrl()).isEqualTo("http://localhost:8080");
        assertThat(settings.browseUsersPerSec()).isEqualTo(2);
        assertThat(settings.loginUsersPerSec()).isEqualTo(0.5);
        assertThat(settings.orderUsersPerSec()).isEqualTo(0.5);
        assertThat(settings.ramp()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.browseP99()).isEqualTo(1_000);
        assertThat(settings.confirmedP99()).isEqualTo(10_000);
        // Polling outlasts the saga's 30 s deadline, so every order is seen in a final state.
        assertThat(settings.pollInterval().multipliedBy(settings.maxPolls())).isGreaterThan(Duration.ofSeconds(30));
    }

    @Test
    void takesEverySettingFromLoadSystemProperties() {
        var properties = new Properties();
        properties.setProperty("load.baseUrl", "http://127.0.0.1:9999/");
        properties.setProperty("load.browseUsersPerSec", "10");
        properties.setProperty("load.loginUsersPerSec", "0");
        properties.setProperty("load.orderUsersPerSec", "1.5");
        properties.setProperty("load.rampSeconds", "0");
        properties.setProperty("load.durationSeconds", "30");
        properties.setProperty("load.orderP99Ms", "4000");
        properties.setProperty("load.pollIntervalMs", "100");
        properties.setProperty("load.maxPolls", "5");
        properties.setProperty("load.accounts", "3");

        var settings = LoadSettings.from(properties);

        assertThat(settings.baseUrl()).isEqualTo("http://127.0.0.1:9999");
        assertThat(settings.browseUsersPerSec()).isEqualTo(10);
        assertThat(settings.loginUsersPerSec()).isZero();
        assertThat(settings.orderUsersPerSec()).isEqualTo(1.5);
        assertThat(settings.ramp()).isZero();
        assertThat(settings.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.orderP99()).isEqualTo(4_000);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.maxPolls()).isEqualTo(5);
        assertThat(settings.accounts()).isEqualTo(3);
    }

    @Test
    void plansAnOrderForEveryUserTheRampAndTheHoldStart() {
        var properties = new Properties();
        properties.setProperty("load.orderUsersPerSec", "0.5");
        properties.setProperty("load.rampSeconds", "15");
        properties.setProperty("load.durationSeconds", "60");

        // 0.5/s × 15 s / 2 on the ramp + 0.5/s × 60 s held = 33.75, rounded up
        assertThat(LoadSettings.from(properties).plannedOrders()).isEqualTo(34);
    }

    @Test
    void refusesSettingsThatMakeNoSense() {
        assertThatThrownBy(() -> LoadSettings.from(with("load.browseUsersPerSec", "-1")))
                .hasMessageContaining("load.browseUsersPerSec");
        assertThatThrownBy(() -> LoadSettings.from(with("load.durationSeconds", "0")))
                .hasMessageContaining("load.durationSeconds");
        assertThatThrownBy(() -> LoadSettings.from(with("load.browseP99Ms", "fast")))
                .hasMessageContaining("load.browseP99Ms is not a number");
    }

    private static Properties with(String name, String value) {
        var properties = new Properties();
        properties.setProperty(name, value);
        return properties;
    }
}
