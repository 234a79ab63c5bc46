package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsToTheDesignPortsAndAHomeInsideTheRepository() {
        var settings = Settings.from(Map.of("BULKHEAD_ROOT", "/repo"));

        assertThat(settings.home().dir()).isEqualTo(Path.of("/repo/.bulkhead"));
        assertThat(settings.postgresPort()).isEqualTo(5432);
        assertThat(settings.redisPort()).isEqualTo(6379);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.aot()).isTrue();
        assertThat(settings.startedAtMillis()).isEmpty();
        assertThat(settings.parallelism()).as("every instance at once").isEqualTo(Integer.MAX_VALUE);
        assertThat(settings.infrastructurePorts()).containsExactlyInAnyOrder(5432, 6379, 9092, 9093, 8090);
    }

    @Test
    void theEnvironmentOverridesHomeAotAndStartTime() {
        var settings = Settings.from(Map.of(
                "BULKHEAD_ROOT", "/repo",
                "BULKHEAD_HOME", "/tmp/it",
                "BULKHEAD_AOT", "OFF",
                "BULKHEAD_PARALLEL", "3",
                "BULKHEAD_T0_MS", "1700000000000",
                "BULKHEAD_BUILD_MS", "not a number"));

        assertThat(settings.home().dir()).isEqualTo(Path.of("/tmp/it"));
        assertThat(settings.aot()).isFalse();
        assertThat(settings.parallelism()).isEqualTo(3);
        assertThat(settings.startedAtMillis()).hasValue(1_700_000_000_000L);
        assertThat(settings.buildMillis()).isEmpty();
    }

    @Test
    void showsPathsRelativeToTheRepository() {
        var settings = Settings.from(Map.of("BULKHEAD_ROOT", "/repo"));

        assertThat(settings.show(Path.of("/repo/.bulkhead/logs/order.log"))).isEqualTo(".bulkhead/logs/order.log");
        assertThat(settings.show(Path.of("/tmp/x.log"))).isEqualTo("/tmp/x.log");
    }

    @Test
    void keepsASecondStacksDatabasesApartByPrefix() {
        assertThat(Settings.from(Map.of("BULKHEAD_ROOT", "/repo")).databasePrefix())
                .isEmpty();
        assertThat(Settings.from(Map.of("BULKHEAD_ROOT", "/repo", "BULKHEAD_DB_PREFIX", "bk_smoke_1_"))
                        .databasePrefix())
                .isEqualTo("bk_smoke_1_");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.databasePrefix("x\"; drop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BULKHEAD_DB_PREFIX");
    }
}
