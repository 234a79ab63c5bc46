package dev.bulkhead.testsupport;

import java.util.function.Consumer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Containers mode: one container per kind per test JVM; Ryuk removes them if the JVM dies. */
final class ContainerProvisioner implements Provisioner {

    static final String POSTGRES_IMAGE = "postgres:17-alpine";
    static final String REDIS_IMAGE = "redis:7-alpine";

    private final Settings settings;

    ContainerProvisioner(Settings settings) {
        this.settings = settings;
    }

    @Override
    public PostgresServer postgres(Consumer<AutoCloseable> onExit) {
        String image = settings.get(Settings.PG_IMAGE, POSTGRES_IMAGE);
        try {
            PostgreSQLContainer container =
                    new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
            container.start();
            onExit.accept(container::stop);
            return new PostgresServer(
                    container.getHost(),
                    container.getMappedPort(5432),
                    container.getUsername(),
                    container.getPassword(),
                    "container " + image,
                    false);
        } catch (RuntimeException e) {
            throw failed("Postgres", image, Settings.PG_IMAGE, e);
        }
    }

    @Override
    public Infrastructure.Kafka kafka(Consumer<AutoCloseable> onExit) {
        // The broker matches the client the services are built with, unless told otherwise.
        String image = settings.get(Settings.KAFKA_IMAGE, "apache/kafka:" + AppInfoParser.getVersion());
        try {
            KafkaContainer container = new KafkaContainer(
                            DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                    .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(TOPIC_PARTITIONS));
            container.start();
            onExit.accept(container::stop);
            return new Infrastructure.Kafka(container.getBootstrapServers(), "container " + image);
        } catch (RuntimeException e) {
            throw failed("Kafka", image, Settings.KAFKA_IMAGE, e);
        }
    }

    @Override
    public Infrastructure.Redis redis(Consumer<AutoCloseable> onExit) {
        String image = settings.get(Settings.REDIS_IMAGE, REDIS_IMAGE);
        try {
            GenericContainer<?> container = new GenericContainer<>(image)
                    .withExposedPorts(6379)
                    .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
            container.start();
            onExit.accept(container::stop);
            return new Infrastructure.Redis(
                    container.getHost(), container.getMappedPort(6379), 0, "container " + image);
        } catch (RuntimeException e) {
            throw failed("Redis", image, Settings.REDIS_IMAGE, e);
        }
    }

    private static InfrastructureUnavailableException failed(
            String kind, String image, String imageSetting, RuntimeException e) {
        return new InfrastructureUnavailableException(
                "No " + kind + ": Docker answered but container " + image + " did not start ("
                        + InfrastructureUnavailableException.brief(e) + "): fix the Docker engine, set " + imageSetting
                        + " to an image it can pull, or set " + Settings.INFRA + "=local",
                e);
    }
}
