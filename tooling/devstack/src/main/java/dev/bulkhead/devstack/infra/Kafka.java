package dev.bulkhead.devstack.infra;

import dev.bulkhead.devstack.procs.Children;
import dev.bulkhead.devstack.procs.Stopping;
import dev.bulkhead.devstack.state.Home;
import dev.bulkhead.localservers.LocalPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A single-node KRaft broker (broker and controller in one JVM) on 127.0.0.1, run from the
 * {@code kafka_2.13} runtime classpath Maven copied to {@code target/kafka-lib}. Storage is formatted
 * on first start; data lives in {@code .bulkhead/kafka/data} until {@code --fresh} wipes it.
 */
public final class Kafka {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20); // controlled shutdown takes about 1 s

    /** A broker needs little heap for a demo's topics; one compiler thread, no GC threads. */
    private static final List<String> JVM_FLAGS = List.of(
            "-Xms64m",
            "-Xmx256m",
            "-Xss512k",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:MaxDirectMemorySize=128m",
            "-XX:-UsePerfData",
            "-Djava.awt.headless=true");

    private final KafkaConfig config;

    private Kafka(KafkaConfig config) {
        this.config = config;
    }

    public record KafkaConfig(Path dir, Path lib, Path java, Path log, int port, int controllerPort, boolean fresh) {}

    /** Starts the broker process (formatting storage first if needed) and waits until it accepts connections. */
    public static Component start(KafkaConfig config) throws IOException, InterruptedException {
        return new Kafka(config).start();
    }

    /** A broker someone else runs on the port ({@code BULKHEAD_KAFKA=external}): used, never stopped. */
    public static Component external(int port) {
        return new Found("kafka", port, "external");
    }

    private Component start() throws IOException, InterruptedException {
        if (config.fresh()) {
            Home.deleteTree(config.dir());
        }
        Files.createDirectories(config.dir());
        Files.deleteIfExists(config.log());
        var properties = config.dir().resolve("server.properties");
        Files.writeString(properties, serverProperties());
        Files.writeString(config.dir().resolve("log4j2.properties"), LOG4J2);
        if (!Files.exists(data().resolve("meta.properties"))) {
            int formatted = Children.run(
                    java(
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            clusterId(),
                            "-c",
                            properties.toString(),
                            "--standalone"),
                    Map.of(),
                    config.dir(),
                    config.log());
            if (formatted != 0) {
                throw new IOException("Kafka storage format failed; see " + config.log());
            }
        }
        var process = Children.start(java("kafka.Kafka", properties.toString()), Map.of(), config.dir(), config.log());
        boolean up = LocalPorts.await(() -> !process.isAlive() || LocalPorts.isOpen(config.port()), START_TIMEOUT);
        if (!up || !process.isAlive()) {
            Stopping.stop(process.toHandle(), Duration.ofSeconds(5));
            throw new IOException("Kafka did not start on port " + config.port() + "; see " + config.log());
        }
        return new Started("kafka", config.port(), "started", process.toHandle(), STOP_GRACE);
    }

    private List<String> java(String mainClass, String... args) {
        var command = new ArrayList<String>();
        command.add(config.java().toString());
        command.addAll(JVM_FLAGS);
        command.add("-Dlog4j2.configurationFile=" + config.dir().resolve("log4j2.properties"));
        command.add("-cp");
        command.add(config.lib() + "/*");
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private Path data() {
        return config.dir().resolve("data");
    }

    String serverProperties() {
        var broker = "127.0.0.1:" + config.port();
        var controller = "127.0.0.1:" + config.controllerPort();
        return String.join(
                        "\n",
                        "# Written by the Bulkhead dev stack at each start; edit tooling/devstack, not this file.",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.bootstrap.servers=" + controller,
                        "listeners=PLAINTEXT://" + broker + ",CONTROLLER://" + controller,
                        "advertised.listeners=PLAINTEXT://" + broker,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                        "log.dirs=" + data(),
                        "# one node: every internal topic has one replica",
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=10",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "transaction.state.log.num.partitions=10",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "auto.create.topics.enable=true",
                        "# topics made on first use, DLTs too: three replicas of a consumer can share each",
                        "num.partitions=3",
                        "group.initial.rebalance.delay.ms=0",
                        "# a small machine: few threads",
                        "num.network.threads=2",
                        "num.io.threads=2",
                        "background.threads=2",
                        "log.cleaner.threads=1",
                        "num.recovery.threads.per.data.dir=1",
                        "")
                + "\n";
    }

    private static final String LOG4J2 = String.join(
            "\n",
            "appender.out.type=Console",
            "appender.out.name=OUT",
            "appender.out.layout.type=PatternLayout",
            "appender.out.layout.pattern=[%d] %p %m (%c)%n",
            "rootLogger.level=INFO",
            "rootLogger.appenderRef.out.ref=OUT",
            "logger.state.name=state.change.logger",
            "logger.state.level=WARN",
            "logger.cleaner.name=kafka.log.LogCleaner",
            "logger.cleaner.level=WARN",
            "");

    /** A KRaft cluster id: 16 random bytes, URL-safe Base64 without padding (what kafka-storage random-uuid prints). */
    static String clusterId() {
        var random = new SecureRandom();
        var bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }
}
