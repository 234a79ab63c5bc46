package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The API for tests that are not Spring contexts. */
class InfrastructureApiIT {

    @Test
    void createsADatabaseAnyJdbcClientCanUse() throws Exception {
        var database = Infrastructure.get().postgres().createDatabase();

        try (Connection connection =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(database.name());
        }
    }

    @Test
    void neverHandsOutTheSameDatabaseTwice() {
        var postgres = Infrastructure.get().postgres();

        assertThat(postgres.createDatabase().name())
                .isNotEqualTo(postgres.createDatabase().name());
    }

    @Test
    void tellsWhereKafkaAndRedisAre() throws Exception {
        var infrastructure = Infrastructure.get();

        assertThat(infrastructure.kafka().bootstrapServers()).matches("[^,:]+:\\d+(,[^,:]+:\\d+)*");
        var redis = infrastructure.redis();
        try (RedisSession session =
                RedisSession.open(redis.host(), redis.port(), redis.database(), Duration.ofSeconds(2))) {
            assertThat(session.commands().ping()).isEqualTo("PONG");
        }
        assertThat(infrastructure.summary())
                .startsWith("Bulkhead test infrastructure: mode="
                        + infrastructure.mode().name().toLowerCase());
    }
}
