package dev.bulkhead.resilience.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.testsupport.Infrastructure;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CreateDatabaseIfMissingIT {

    private final Infrastructure.Database scratch =
            Infrastructure.get().postgres().createDatabase();
    private final String missing = scratch.name() + "_svc";
    private final String missingUrl = scratch.jdbcUrl().replace("/" + scratch.name(), "/" + missing);

    @Test
    void createsTheServicesDatabaseOnFirstStartAndLeavesItAloneAfterwards() throws SQLException {
        assertThat(exists(missing)).isFalse();

        assertThat(CreateDatabaseIfMissing.ensureExists(missingUrl, scratch.username(), scratch.password()))
                .isTrue();
        assertThat(exists(missing)).isTrue();

        assertThat(CreateDatabaseIfMissing.ensureExists(missingUrl, scratch.username(), scratch.password()))
                .isFalse();
    }

    /** Replicas of one service start together on an empty server: each must start, one creates. */
    @Test
    void instancesStartingTogetherAllFindTheirDatabaseAndOneCreatesIt() throws Exception {
        int instances = 6;
        var ready = new java.util.concurrent.CyclicBarrier(instances);
        try (var starting = java.util.concurrent.Executors.newFixedThreadPool(instances)) {
            var created = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < instances; i++) {
                created.add(starting.submit(() -> {
                    ready.await();
                    return CreateDatabaseIfMissing.ensureExists(missingUrl, scratch.username(), scratch.password());
                }));
            }
            long creators = 0;
            for (var instance : created) {
                if (instance.get()) creators++;
            }
            assertThat(creators).as("instances that created the database").isEqualTo(1);
        }
        assertThat(exists(missing)).isTrue();
    }

    @Test
    void saysWhatToDoWhenTheServerCannotBeReached() {
        String unreachable = "jdbc:postgresql://127.0.0.1:1/orders?connectTimeout=1";

        assertThatThrownBy(() -> CreateDatabaseIfMissing.ensureExists(unreachable, "postgres", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Database 'orders' is missing and could not be created")
                .hasMessageContaining("give the service's role CREATEDB");
    }

    @Test
    void leavesDatabasesItCannotNameSafelyToTheOperator() {
        assertThat(CreateDatabaseIfMissing.ensureExists("jdbc:postgresql://127.0.0.1:1/orders;drop", "postgres", null))
                .isFalse();
    }

    private boolean exists(String database) throws SQLException {
        try (var connection = DriverManager.getConnection(scratch.jdbcUrl(), scratch.username(), scratch.password());
                var query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, database);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    @AfterEach
    void dropTheCreatedDatabase() throws SQLException {
        try (var connection = DriverManager.getConnection(scratch.jdbcUrl(), scratch.username(), scratch.password());
                var drop = connection.createStatement()) {
            drop.execute("drop database if exists " + missing);
        }
    }
}
