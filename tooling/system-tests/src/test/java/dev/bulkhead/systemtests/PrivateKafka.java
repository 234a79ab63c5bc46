package dev.bulkhead.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.devstack.infra.Component;
import dev.bulkhead.devstack.infra.Kafka;
import dev.bulkhead.devstack.infra.Kafka.KafkaConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Kafka broker of the chaos run's own, started as the dev stack starts its broker (the launcher's
 * code, the same KRaft single node), in a directory that outlives a stop: started again, it comes back
 * with every topic, offset and committed consumer position.
 */
final class PrivateKafka implements AutoCloseable {

    private final KafkaConfig config;
    private Component broker;

    private PrivateKafka(KafkaConfig config) {
        this.config = config;
    }

    /** The broker runs on {@code port}; its controller on {@code controllerPort}. */
    static PrivateKafka start(Path dir, int port, int controllerPort) throws Exception {
        var lib = LaunchedStack.ROOT.resolve("tooling/devstack/target/kafka-lib");
        assertThat(lib)
                .as(
                        "Kafka's jars, copied by Maven when it packages tooling/devstack (./mvnw package -pl tooling/devstack -am)")
                .isDirectory();
        var java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createDirectories(dir);
        var kafka = new PrivateKafka(
                new KafkaConfig(dir, lib, java, dir.resolve("kafka.log"), port, controllerPort, false));
        kafka.start();
        return kafka;
    }

    String bootstrap() {
        return "localhost:" + config.port();
    }

    void start() throws Exception {
        broker = Kafka.start(config);
    }

    /** SIGTERM: a controlled shutdown, as an orchestrator stops a broker. */
    void stop() {
        broker.stop();
    }

    @Override
    public void close() {
        if (broker != null) broker.stop();
    }
}
