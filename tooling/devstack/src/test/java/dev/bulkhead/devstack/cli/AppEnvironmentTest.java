package dev.bulkhead.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.state.AdminAccount;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppEnvironmentTest {

    @Test
    void pointsTheApplicationsAtTheStacksPortsWithSmallPoolsAndTheAdminAccount() {
        var settings = Settings.from(Map.of(
                "BULKHEAD_ROOT", "/repo",
                "BULKHEAD_HOME", "/tmp/stack",
                "BULKHEAD_KAFKA_PORT", "19092",
                "BULKHEAD_REDIS_PORT", "16379",
                "BULKHEAD_PROVIDER_PORT", "18090",
                "BULKHEAD_POSTGRES_PORT", "15432",
                "BULKHEAD_DB_PREFIX", "bk_smoke_",
                "SPRING_DATASOURCE_USERNAME", "dev"));

        var config = AppEnvironment.of(settings, new AdminAccount("admin@bulkhead.dev", "secret"));

        assertThat(config.sharedEnvironment())
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:19092")
                .containsEntry("SPRING_DATA_REDIS_PORT", "16379")
                .containsEntry("BULKHEAD_CLIENTS_PAYMENTPROVIDER_URL", "http://localhost:18090")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "dev")
                .containsEntry("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "5")
                .containsEntry("BULKHEAD_INVENTORY_CATALOGUE_SEEDWHENEMPTY", "true")
                .containsEntry("BULKHEAD_HOME", "/tmp/stack")
                .containsEntry("BULKHEAD_ADMIN_PASSWORD", "secret");
        assertThat(config.jdbcBase()).isEqualTo("jdbc:postgresql://localhost:15432/bk_smoke_");
        assertThat(config.home()).isEqualTo(Path.of("/tmp/stack"));
        assertThat(config.root()).isEqualTo(Path.of("/repo"));
    }
}
