package dev.bulkhead.deploymentcheck.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.deploymentcheck.project.Address;
import dev.bulkhead.deploymentcheck.project.Addresses;
import dev.bulkhead.deploymentcheck.project.Application;
import dev.bulkhead.deploymentcheck.project.Applications;
import dev.bulkhead.deploymentcheck.project.BoundProperties;
import dev.bulkhead.deploymentcheck.project.Configuration;
import dev.bulkhead.deploymentcheck.project.Repository;
import dev.bulkhead.deploymentcheck.project.SourceScan;
import dev.bulkhead.deploymentcheck.project.Yaml;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml runs each application the way the application needs to run. */
class ComposeFileTest {

    /** Variables the image's entrypoint reads rather than Spring (see the Dockerfile). */
    private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_OPTS");

    /** Images that cannot run a healthcheck command (distroless); nothing may wait for them to be healthy. */
    private static final Set<String> WITHOUT_SHELL = Set.of("otel/opentelemetry-collector-contrib");

    private static final Pattern PINNED = Pattern.compile("^[^@:]+(/[^@:]+)*:[^:@]*\\d[^:@]*$");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|PRIVATE).*");

    private final Compose compose = Compose.load();

    @Test
    void interpolatesWithTheVariablesOfDotEnvExample() {
        assertThat(compose.unresolvedVariables())
                .as("variables .env.example leaves unset")
                .isEmpty();
        assertThat(Repository.read(Repository.path(".gitignore")).lines().map(String::strip))
                .as(".env (the real one) is ignored by git")
                .contains(".env");
    }

    @Test
    void buildsEveryApplicationModuleOnceAndNothingElse() {
        var built = new TreeSet<String>();
        for (Service service : compose.services().values()) {
            service.module().ifPresent(module -> {
                assertThat(built.add(module)).as("%s is built once", module).isTrue();
                var application = Applications.named(module);
                assertThat(Yaml.at(service.definition(), "build", "context"))
                        .as("%s builds from the repository root", module)
                        .isEqualTo(".");
                assertThat(service.image())
                        .as("%s image name", module)
                        .contains("bulkhead/" + application.module() + ":local");
            });
        }
        var modules = new TreeSet<String>();
        Applications.all().forEach(a -> modules.add(a.module()));
        assertThat(built).as("applications built by docker compose").isEqualTo(modules);
    }

    @Test
    void pinsEveryOtherImageToAVersion() {
        for (Service service : compose.services().values()) {
            if (service.module().isPresent()) continue;
            String image = service.image().orElseThrow(() -> new AssertionError(service.name() + " has no image"));
            assertThat(image).as("%s image", service.name()).matches(PINNED).doesNotEndWith(":latest");
        }
    }

    @Test
    void setsOnlyEnvironmentVariablesTheApplicationBinds() {
        var problems = new ArrayList<String>();
        for (Application application : Applications.all()) {
            var service = serviceOf(application);
            var bound = BoundProperties.of(application);
            service.environment().keySet().stream()
                    .filter(variable -> !RUNTIME_VARIABLES.contains(variable) && !bound.binds(variable))
                    .forEach(variable ->
                            problems.add(service.name() + ": " + variable + " sets nothing " + application + " binds"));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void pointsEveryAddressTheCodeCallsAtTheServiceThatProvidesIt() {
        var problems = new ArrayList<String>();
        for (Application application : Applications.all()) {
            var environment = serviceOf(application).environment();
            Configuration.of(application).resolved(environment).forEach((property, value) -> {
                Matcher local = Pattern.compile("(?:localhost|127\\.0\\.0\\.1)(?::(\\d+))?")
                        .matcher(value);
                if (local.find()
                        && (local.group(1) == null || Integer.parseInt(local.group(1)) != application.port())) {
                    problems.add(application + ": " + property + " still points at " + value + " inside its container");
                }
            });
            for (Address address : Addresses.of(application, environment)) {
                var target = hostPort(address.deployed());
                String where = application + ": " + address.property() + "=" + address.deployed();
                if (target == null || !compose.services().containsKey(target.host())) {
                    problems.add(where + ": not a compose service");
                    continue;
                }
                var provider = compose.service(target.host());
                switch (address.target()) {
                    case Address.App app -> {
                        if (!provider.module()
                                .equals(java.util.Optional.of(app.application().module()))) {
                            problems.add(where + ": " + target.host() + " is not " + app.application());
                        } else if (target.port() != app.application().port()) {
                            problems.add(where + ": " + app.application() + " listens on "
                                    + app.application().port());
                        }
                    }
                    case Address.Infrastructure infrastructure -> {
                        if (!target.host().equals(infrastructure.role())) {
                            problems.add(where + ": " + infrastructure.role() + " is the compose service "
                                    + infrastructure.role());
                        }
                        int port = target.port() > 0 ? target.port() : infrastructure.port();
                        if (!provider.containerPorts().contains(port)) {
                            problems.add(where + ": " + target.host() + " exposes no port " + port);
                        }
                    }
                    case Address.External external -> {
                        if (!provider.containerPorts().contains(target.port())) {
                            problems.add(where + ": " + target.host() + " (playing " + external.name()
                                    + ") exposes no port " + target.port());
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void givesEveryServiceItsOwnDatabaseAndRoleCreatedByTheInitScript() {
        String script = Repository.read(Repository.path("compose/postgres/init/10-service-databases.sh"));
        var postgres = compose.service("postgres");
        var raw = rawServices();
        for (Application application : Applications.all()) {
            var service = serviceOf(application);
            var environment = service.environment();
            if (application.database().isEmpty()) {
                assertThat(environment)
                        .as("%s has no database", application)
                        .doesNotContainKey("SPRING_DATASOURCE_URL");
                continue;
            }
            String database = application.database().get();
            assertThat(environment.get("SPRING_DATASOURCE_URL"))
                    .as("%s JDBC URL", application)
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + database);
            String role = environment.get("SPRING_DATASOURCE_USERNAME");
            String passwordReference =
                    String.valueOf(Yaml.at(raw, service.name(), "environment", "SPRING_DATASOURCE_PASSWORD"));
            Matcher variable = Pattern.compile("\\$\\{(\\w+)").matcher(passwordReference);
            assertThat(variable.find())
                    .as("%s's password comes from .env", application)
                    .isTrue();
            assertThat(postgres.environment())
                    .as("postgres gets %s for the init script", variable.group(1))
                    .containsKey(variable.group(1));
            assertThat(script)
                    .as(
                            "the init script creates database %s owned by role %s with %s",
                            database, role, variable.group(1))
                    .containsPattern("(?m)^create_service_database\\s+" + database + "\\s+" + role + "\\s+\"\\$\\{"
                            + variable.group(1) + "[:}]");
            assertThat(Repository.path("compose/postgres/init"))
                    .as("the init folder is mounted")
                    .satisfies(dir -> assertThat(postgres.bindMounts())
                            .containsEntry("./compose/postgres/init", "/docker-entrypoint-initdb.d"));
        }
        assertThat(Files.isExecutable(Repository.path("compose/postgres/init/10-service-databases.sh")))
                .as("the init script is executable")
                .isTrue();
    }

    @Test
    void keepsEverySecretInDotEnv() {
        var raw = rawServices();
        for (Service service : compose.services().values()) {
            var environment = Yaml.cast(
                    Yaml.at(raw, service.name(), "environment") == null
                            ? Map.of()
                            : Yaml.at(raw, service.name(), "environment"));
            environment.forEach((name, value) -> {
                if (SECRET_NAME.matcher(name).matches()) {
                    assertThat(String.valueOf(value))
                            .as("%s %s comes from .env, not from the file", service.name(), name)
                            .startsWith("${");
                }
            });
        }
        compose.referencedVariables().stream()
                .filter(v -> SECRET_NAME.matcher(v).matches())
                .forEach(v -> assertThat(compose.dotenv())
                        .as(".env.example names %s", v)
                        .containsKey(v));
    }

    @Test
    void publishesOnlyTheGatewayAndTheToolsAndOnlyOnThisMachine() {
        for (Service service : compose.services().values()) {
            for (var published : service.ports()) {
                assertThat(published.hostAddress())
                        .as("%s publishes on loopback only", service.name())
                        .isEqualTo("127.0.0.1");
            }
            service.module().ifPresent(module -> {
                var application = Applications.named(module);
                if (module.equals("gateway")) {
                    assertThat(service.ports()).singleElement().satisfies(p -> {
                        assertThat(p.containerPort()).isEqualTo(application.port());
                        assertThat(p.hostPort()).isEqualTo(application.port());
                    });
                } else {
                    assertThat(service.ports())
                            .as("%s is reached through the gateway only", module)
                            .isEmpty();
                }
            });
        }
    }

    @Test
    void checksEveryContainersHealthAndStartsEachAfterWhatItNeedsIsReady() {
        var services = compose.services();
        var runToCompletion = new TreeSet<String>();
        services.values()
                .forEach(s -> s.dependsOn().forEach((d, condition) -> {
                    if (condition.equals("service_completed_successfully")) runToCompletion.add(d);
                }));
        for (Service service : services.values()) {
            var healthcheck = service.healthcheck();
            boolean shell = WITHOUT_SHELL.stream()
                    .noneMatch(image -> service.image().orElse("").startsWith(image + ":"));
            if (runToCompletion.contains(service.name()) || !shell) {
                continue;
            }
            assertThat(healthcheck).as("%s has a healthcheck", service.name()).isPresent();
            assertThat(healthcheck.get().get("disable"))
                    .as("%s healthcheck enabled", service.name())
                    .isNotEqualTo(true);
            assertThat(Yaml.list(healthcheck.get().get("test")))
                    .as("%s healthcheck test", service.name())
                    .isNotEmpty();
            service.dependsOn().forEach((dependency, condition) -> {
                assertThat(services)
                        .as("%s depends on a service that exists", service.name())
                        .containsKey(dependency);
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(dependency).healthcheck())
                            .as(
                                    "%s waits for %s to be healthy, so %s needs a healthcheck",
                                    service.name(), dependency, dependency)
                            .isPresent();
                }
            });
        }
        for (Application application : Applications.all()) {
            var service = serviceOf(application);
            assertThat(Yaml.list(service.healthcheck().orElseThrow().get("test")))
                    .as("%s checks its own readiness on its own port", application)
                    .containsExactly("CMD", "healthcheck", Integer.toString(application.port()));
            var dependencies = service.dependsOn();
            if (application.usesDatabase()) assertThat(dependencies).containsEntry("postgres", "service_healthy");
            if (application.usesKafka())
                assertThat(dependencies).containsEntry("kafka-topics", "service_completed_successfully");
            if (application.usesRedis()) assertThat(dependencies).containsEntry("redis", "service_healthy");
        }
        for (String waiting : WITHOUT_SHELL) {
            services.values()
                    .forEach(s -> s.dependsOn().forEach((d, condition) -> {
                        if (services.get(d).image().orElse("").startsWith(waiting + ":")) {
                            assertThat(condition)
                                    .as("%s cannot become healthy; %s must not wait for it", d, s.name())
                                    .isEqualTo("service_started");
                        }
                    }));
        }
    }

    @Test
    void createsEveryTopicTheCodeUsesAndADeadLetterTopicForEachBeforeTheApplicationsStart() {
        String command = String.join(
                "\n",
                Yaml.list(compose.service("kafka-topics").definition().get("command")).stream()
                        .map(String::valueOf)
                        .toList());
        Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(command);
        assertThat(loop.find()).as("kafka-topics loops over the topics").isTrue();
        var created = new TreeSet<String>();
        for (String topic : loop.group(1).trim().split("\\s+")) {
            created.add(topic);
            created.add(topic + ".DLT");
        }
        assertThat(command)
                .as("each topic and its DLT are created")
                .contains("\"$topic\" \"$topic.DLT\"")
                .contains("--create --if-not-exists");
        Matcher partitions = Pattern.compile("--partitions (\\d+)").matcher(command);
        assertThat(partitions.find()).as("kafka-topics sets a partition count").isTrue();
        assertThat(Integer.parseInt(partitions.group(1)))
                .as("partitions of every topic and DLT (several consumers of a group share the work)")
                .isGreaterThanOrEqualTo(3);
        var expected = new TreeSet<String>();
        for (Application application : Applications.all()) {
            expected.addAll(SourceScan.topics(application));
            SourceScan.consumedTopics(application).forEach(t -> expected.add(t + ".DLT"));
        }
        assertThat(created).as("topics kafka-topics creates").isEqualTo(expected);
        assertThat(compose.service("kafka").environment()).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    @Test
    void mountsOnlyFilesThatExistAndServesTheDevStacksPaymentProviderMappings() {
        for (Service service : compose.services().values()) {
            for (String source : service.bindMountSources()) {
                assertThat(Compose.exists(source))
                        .as("%s mounts %s", service.name(), source)
                        .isTrue();
            }
        }
        var provider = compose.service("payment-provider");
        assertThat(provider.bindMounts()).containsEntry("./tooling/payment-provider", "/home/wiremock");
        try (var mappings = Files.list(Repository.path("tooling", "payment-provider", "mappings"))) {
            assertThat(mappings.filter(f -> f.toString().endsWith(".json")))
                    .as("WireMock mappings to serve")
                    .isNotEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void keepsTheSigningKeyAuthServiceGeneratesForAsLongAsItsContainerLives() {
        var auth = compose.serviceBuilding("auth-service").orElseThrow();
        assertThat(auth.environment()).containsEntry("BULKHEAD_AUTH_GENERATE_KEY", "true");
        var dockerfile = dev.bulkhead.deploymentcheck.docker.Dockerfile.load();
        String home = auth.environment()
                .getOrDefault(
                        "BULKHEAD_HOME",
                        dockerfile.environment(dockerfile.finalStage()).get("BULKHEAD_HOME"));
        // The root file system is read-only and /tmp a tmpfs, emptied by every stop: a key kept there would
        // be a new key after each restart, and every token issued before it would stop verifying.
        assertThat(home).as("auth-service's BULKHEAD_HOME").isNotNull().doesNotStartWith("/tmp");
        assertThat(auth.anonymousVolumes()).as("volumes of auth-service").contains(home);
    }

    private Service serviceOf(Application application) {
        return compose.serviceBuilding(application.module())
                .orElseThrow(() -> new AssertionError("docker-compose.yml does not build " + application));
    }

    /** The services as written, before interpolation. */
    private static Map<String, Object> rawServices() {
        return Yaml.cast(Yaml.document(Compose.path()).get("services"));
    }

    record HostPort(String host, int port) {}

    private static HostPort hostPort(String value) {
        String text = value.startsWith("jdbc:") ? value.substring(5) : value;
        if (!text.contains("://")) text = "tcp://" + text;
        try {
            URI uri = URI.create(text.split(",")[0]);
            return uri.getHost() == null ? null : new HostPort(uri.getHost(), uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
