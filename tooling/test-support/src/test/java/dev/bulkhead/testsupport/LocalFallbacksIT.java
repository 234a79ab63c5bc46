package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.localservers.LocalPorts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Local mode on a machine where nothing answers on the usual ports: test-support runs its own servers. */
class LocalFallbacksIT {

    private static final Log log = LogFactory.getLog(LocalFallbacksIT.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    @AfterEach
    void stopWhatWasStarted() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }

    @Test
    void startsEmbeddedPostgresWhenNoServerAnswersAndStopsIt() throws Exception {
        long begin = System.nanoTime();
        var server = nothingListening().postgres(started::push);
        log.info("embedded Postgres started in "
                + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms");

        assertThat(server.source()).isEqualTo("embedded");
        var database = new Postgres(server, RunId.next(Instant.now())).createDatabase();
        try (Connection connection = Postgres.connect(server, database.name());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(database.name());
        }

        stopWhatWasStarted();
        assertThat(LocalProvisioner.answers(server.host(), server.port())).isFalse();
    }

    @Test
    void startsRedisServerFromThePathWhenNoServerAnswersAndStopsIt() throws Exception {
        long begin = System.nanoTime();
        var redis = nothingListening().redis(started::push);
        log.info("redis-server started in "
                + Duration.ofNanos(System.nanoTime() - begin).toMillis() + " ms");

        assertThat(redis.source()).isEqualTo("redis-server started by this JVM");
        assertThat(redis.database()).isZero();
        try (RedisSession session = RedisSession.open(redis.host(), redis.port(), 0, Duration.ofSeconds(2))) {
            assertThat(session.commands().set("k", "v")).isEqualTo("OK");
            assertThat(session.commands().get("k")).isEqualTo("v");
        }

        stopWhatWasStarted();
        assertThat(LocalProvisioner.answers(redis.host(), redis.port())).isFalse();
    }

    private static LocalProvisioner nothingListening() throws Exception {
        int closed = LocalPorts.free();
        return new LocalProvisioner(
                Settings.of(Map.of()),
                RunId.next(Instant.now()),
                "localhost",
                closed,
                "localhost",
                closed,
                "redis-server",
                LocalProvisioner::zonky);
    }
}
