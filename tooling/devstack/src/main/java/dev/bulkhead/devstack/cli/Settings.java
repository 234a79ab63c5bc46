package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.Launcher;
import dev.bulkhead.devstack.apps.PortPlan;
import dev.bulkhead.devstack.state.Home;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Everything the launcher can be told, from the environment (./bulkhead exports the first few).
 * Defaults are the dev stack's ports (README.md, Ports); the BULKHEAD_* names are the only knobs.
 */
record Settings(
        Path root,
        Home home,
        Path java,
        Path kafkaLib,
        Path providerJar,
        String version,
        Duration readyTimeout,
        boolean aot,
        int parallelism,
        String postgresMode,
        int postgresPort,
        String databasePrefix,
        String postgresUser,
        String postgresPassword,
        int redisPort,
        String kafkaMode,
        int kafkaPort,
        int kafkaControllerPort,
        int providerPort,
        int portOffset,
        int controlPort,
        OptionalLong startedAtMillis,
        OptionalLong buildMillis) {

    static final String DEFAULT_READY_TIMEOUT_S = "120"; // a cold start on 2 busy cores, with room
    static final String DEFAULT_AOT = "on"; // measured: see tooling/devstack/README.md
    // any free loopback port: only the gateway needs to know it, and is told (console break-it controls)
    static final String DEFAULT_CONTROL_PORT = "0";
    static final String DEFAULT_PARALLELISM = "all"; // all at once: the OS shares the cores better than a queue

    static Settings from(Map<String, String> env) {
        var root =
                Path.of(env.getOrDefault("BULKHEAD_ROOT", ".")).toAbsolutePath().normalize();
        var home = Path.of(env.getOrDefault(
                        "BULKHEAD_HOME", root.resolve(".bulkhead").toString()))
                .toAbsolutePath()
                .normalize();
        var java = Path.of(env.getOrDefault(
                "BULKHEAD_JAVA",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        var kafkaLib = Path.of(env.getOrDefault(
                "BULKHEAD_KAFKA_LIB", launcherDir().resolve("kafka-lib").toString()));
        var providerJar = Path.of(env.getOrDefault(
                "BULKHEAD_PROVIDER_JAR",
                launcherDir()
                        .resolve("payment-provider")
                        .resolve("wiremock-standalone.jar")
                        .toString()));
        return new Settings(
                root,
                new Home(home),
                java,
                kafkaLib,
                providerJar,
                env.getOrDefault("BULKHEAD_VERSION", packageVersion().orElse("0.1.0-SNAPSHOT")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("BULKHEAD_READY_TIMEOUT", DEFAULT_READY_TIMEOUT_S))),
                !"off".equalsIgnoreCase(env.getOrDefault("BULKHEAD_AOT", DEFAULT_AOT)),
                parallelism(env.getOrDefault("BULKHEAD_PARALLEL", DEFAULT_PARALLELISM)),
                env.getOrDefault("BULKHEAD_POSTGRES", "auto"),
                Integer.parseInt(env.getOrDefault("BULKHEAD_POSTGRES_PORT", "5432")),
                databasePrefix(env.getOrDefault("BULKHEAD_DB_PREFIX", "")),
                env.getOrDefault("SPRING_DATASOURCE_USERNAME", "postgres"),
                env.getOrDefault("SPRING_DATASOURCE_PASSWORD", ""),
                Integer.parseInt(env.getOrDefault("BULKHEAD_REDIS_PORT", "6379")),
                kafkaMode(env.getOrDefault("BULKHEAD_KAFKA", "start")),
                Integer.parseInt(env.getOrDefault("BULKHEAD_KAFKA_PORT", "9092")),
                Integer.parseInt(env.getOrDefault("BULKHEAD_KAFKA_CONTROLLER_PORT", "9093")),
                Integer.parseInt(env.getOrDefault("BULKHEAD_PROVIDER_PORT", "8090")),
                portOffset(env.getOrDefault("BULKHEAD_PORT_OFFSET", "0")),
                Integer.parseInt(env.getOrDefault("BULKHEAD_CONTROL_PORT", DEFAULT_CONTROL_PORT)),
                millis(env, "BULKHEAD_T0_MS"),
                millis(env, "BULKHEAD_BUILD_MS"));
    }

    /**
     * {@code start} (the launcher runs its own broker) or {@code external} (a broker already listens on
     * the Kafka port and the launcher only uses it: the chaos suite stops and restarts it under the
     * running stack, which a broker the launcher owns would not survive).
     */
    static String kafkaMode(String value) {
        var mode = value.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("start") && !mode.equals("external")) {
            throw new IllegalArgumentException("BULKHEAD_KAFKA is start or external, was '" + value + "'");
        }
        return mode;
    }

    /** Added to every application's port: 0 to 999, so instance n stays below instance n + 1's ports. */
    static int portOffset(String value) {
        int offset = Integer.parseInt(value.strip());
        if (offset < 0 || offset >= PortPlan.STEP) {
            throw new IllegalArgumentException(
                    "BULKHEAD_PORT_OFFSET is 0 to " + (PortPlan.STEP - 1) + ", was " + value);
        }
        return offset;
    }

    boolean externalKafka() {
        return kafkaMode.equals("external");
    }

    /** How many instances start at the same time: a number, or {@code all}. */
    static int parallelism(String value) {
        return "all".equalsIgnoreCase(value.strip()) ? Integer.MAX_VALUE : Integer.parseInt(value.strip());
    }

    /** The ports the infrastructure takes: no application instance may be planned on one of them. */
    Set<Integer> infrastructurePorts() {
        return Set.copyOf(List.of(postgresPort, redisPort, kafkaPort, kafkaControllerPort, providerPort));
    }

    /** The WireMock mappings of the payment-provider simulator, shared with the tests and compose. */
    Path providerRoot() {
        return root.resolve("tooling").resolve("payment-provider");
    }

    /**
     * Prepended to every service's database name, so a second stack (the smoke test) on the same
     * Postgres server never touches the developer's databases.
     */
    static String databasePrefix(String prefix) {
        if (!prefix.matches("[a-z0-9_]*")) {
            throw new IllegalArgumentException("BULKHEAD_DB_PREFIX may hold only a-z, 0-9 and _, was '" + prefix + "'");
        }
        return prefix;
    }

    /** What to show for a path: relative to the repository root when inside it. */
    String show(Path path) {
        var absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    private static OptionalLong millis(Map<String, String> env, String name) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<String> packageVersion() {
        return Optional.ofNullable(Launcher.class.getPackage().getImplementationVersion());
    }

    /** target/ when run from target/devstack.jar (or target/classes in an IDE). */
    private static Path launcherDir() {
        try {
            var location = Path.of(Launcher.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return location.getParent();
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("tooling/devstack/target");
        }
    }
}
