package dev.bulkhead.testsupport;

import dev.bulkhead.localservers.LocalPorts;
import dev.bulkhead.localservers.RedisServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.ClassUtils;

/** Local mode: servers on localhost when they answer, otherwise ones this JVM starts itself. */
final class LocalProvisioner implements Provisioner {

    /** Starts an embedded Postgres; a seam so that tests can make it fail. */
    @FunctionalInterface
    interface EmbeddedPostgresStarter {
        PostgresServer start(Consumer<AutoCloseable> onExit) throws IOException;
    }

    static final Duration PROBE_TIMEOUT = Duration.ofMillis(500); // a local server answers in microseconds
    private static final String LETTUCE = "io.lettuce.core.RedisClient";

    // The broker's own INFO logging is thousands of lines of no use to a service's test.
    private static final List<String> KAFKA_SERVER_LOGGERS = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.server",
            "org.apache.kafka.raft",
            "org.apache.kafka.controller",
            "org.apache.kafka.metadata",
            "org.apache.kafka.image",
            "org.apache.kafka.storage",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.common.test",
            "org.apache.kafka.queue",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.security",
            "org.apache.kafka.jmh",
            "org.apache.kafka.network");

    private final Settings settings;
    private final String runId;
    private final String postgresHost;
    private final int postgresPort;
    private final String redisHost;
    private final int redisPort;
    private final String redisServerCommand;
    private final EmbeddedPostgresStarter embeddedPostgres;

    LocalProvisioner(
            Settings settings,
            String runId,
            String postgresHost,
            int postgresPort,
            String redisHost,
            int redisPort,
            String redisServerCommand,
            EmbeddedPostgresStarter embeddedPostgres) {
        this.settings = settings;
        this.runId = runId;
        this.postgresHost = postgresHost;
        this.postgresPort = postgresPort;
        this.redisHost = redisHost;
        this.redisPort = redisPort;
        this.redisServerCommand = redisServerCommand;
        this.embeddedPostgres = embeddedPostgres;
    }

    static LocalProvisioner defaults(Settings settings, String runId) {
        return new LocalProvisioner(
                settings, runId, "localhost", 5432, "localhost", 6379, "redis-server", LocalProvisioner::zonky);
    }

    @Override
    public PostgresServer postgres(Consumer<AutoCloseable> onExit) {
        String user = settings.get(Settings.PG_USER, "postgres");
        String password = settings.get(Settings.PG_PASSWORD, "");
        String where = postgresHost + ":" + postgresPort;
        String why;
        if (answers(postgresHost, postgresPort)) {
            PostgresServer local = new PostgresServer(postgresHost, postgresPort, user, password, "local server", true);
            try {
                Postgres.checkCanCreateDatabases(local);
                return local;
            } catch (SQLException e) {
                why = where + " answered but " + InfrastructureUnavailableException.brief(e);
            }
        } else {
            why = "nothing answers on " + where;
        }
        try {
            return embeddedPostgres.start(onExit);
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureUnavailableException(
                    "No Postgres: start one on " + where + " (role " + user + " with CREATEDB, or set "
                            + Settings.PG_USER + "), install Docker, or let embedded Postgres download its"
                            + " binaries (" + why + "; embedded Postgres failed: "
                            + InfrastructureUnavailableException.brief(e) + ")",
                    e);
        }
    }

    static PostgresServer zonky(Consumer<AutoCloseable> onExit) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        onExit.accept(postgres);
        return new PostgresServer("localhost", postgres.getPort(), "postgres", "", "embedded", false);
    }

    @Override
    public Infrastructure.Kafka kafka(Consumer<AutoCloseable> onExit) {
        quietKafkaServerLogs();
        try {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, TOPIC_PARTITIONS);
            // Topics the applications create on first use get as many partitions as everywhere else.
            broker.brokerProperty("num.partitions", TOPIC_PARTITIONS);
            broker.afterPropertiesSet();
            onExit.accept(broker::destroy);
            return new Infrastructure.Kafka(broker.getBrokersAsString(), "in-JVM KRaft");
        } catch (RuntimeException | LinkageError e) {
            throw new InfrastructureUnavailableException(
                    "No Kafka: the in-JVM KRaft broker did not start ("
                            + InfrastructureUnavailableException.brief(e)
                            + "): keep spring-kafka-test and kafka_2.13 on the test classpath, or install Docker",
                    e);
        }
    }

    private static void quietKafkaServerLogs() {
        try {
            LoggingSystem logging = LoggingSystem.get(LocalProvisioner.class.getClassLoader());
            KAFKA_SERVER_LOGGERS.forEach(name -> logging.setLogLevel(name, LogLevel.WARN));
        } catch (RuntimeException e) {
            // Only cosmetics: without a logging system the broker is merely chatty.
        }
    }

    @Override
    public Infrastructure.Redis redis(Consumer<AutoCloseable> onExit) {
        if (!ClassUtils.isPresent(LETTUCE, LocalProvisioner.class.getClassLoader())) {
            throw new InfrastructureUnavailableException(
                    "No Redis client: local mode probes and leases Redis with Lettuce; add io.lettuce:lettuce-core"
                            + " (or spring-boot-starter-data-redis) to the test classpath");
        }
        String where = redisHost + ":" + redisPort;
        String why;
        if (answers(redisHost, redisPort)) {
            try {
                Optional<RedisLease> lease = RedisLease.claim(redisHost, redisPort, runId);
                if (lease.isPresent()) {
                    onExit.accept(lease.get()::release);
                    return new Infrastructure.Redis(
                            redisHost, redisPort, lease.get().database(), "local server");
                }
                why = where + " has no free database index";
            } catch (IOException e) {
                why = where + " answered but " + InfrastructureUnavailableException.brief(e);
            }
        } else {
            why = "nothing answers on " + where;
        }
        try {
            return startRedisServer(onExit);
        } catch (IOException e) {
            throw new InfrastructureUnavailableException(
                    "No Redis: start one on " + where + ", put redis-server on the PATH, or install Docker (" + why
                            + "; starting " + redisServerCommand + " failed: "
                            + InfrastructureUnavailableException.brief(e) + ")",
                    e);
        }
    }

    private Infrastructure.Redis startRedisServer(Consumer<AutoCloseable> onExit) throws IOException {
        int port = LocalPorts.free();
        File logFile = File.createTempFile("bulkhead-redis-" + runId + "-", ".log");
        logFile.deleteOnExit();
        try {
            RedisServer server = RedisServer.start(redisServerCommand, port, logFile.toPath());
            onExit.accept(server);
            return new Infrastructure.Redis("127.0.0.1", port, 0, "redis-server started by this JVM");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while it started", e);
        }
    }

    static boolean answers(String host, int port) {
        return LocalPorts.isOpen(host, port, PROBE_TIMEOUT);
    }
}
