package dev.bulkhead.deploymentcheck.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulkhead.deploymentcheck.compose.Compose;
import dev.bulkhead.deploymentcheck.project.Application;
import dev.bulkhead.deploymentcheck.project.Applications;
import dev.bulkhead.deploymentcheck.project.Repository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * compose/postgres/init/10-service-databases.sh, run as the postgres image runs it (psql as
 * POSTGRES_USER, the postgres service's environment from docker-compose.yml and .env.example), against a
 * throwaway server that checks passwords. Then each service logs in the way docker compose configures it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresInitScriptIT {

    private static final Path SCRIPT = Repository.path("compose/postgres/init/10-service-databases.sh");

    private EmbeddedPostgres postgres;
    private final Compose compose = Compose.load();

    @BeforeAll
    void startAServerThatChecksPasswordsAndRunTheScript() throws Exception {
        Path data = Files.createTempDirectory("bulkhead-init-script");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .start();
        Files.writeString(data.resolve("pg_hba.conf"), """
                local all postgres trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        try (Connection admin = superuser("postgres");
                var statement = admin.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
        assertThat(runScript()).as("the init script's first run").isZero();
    }

    @AfterAll
    void stop() throws IOException {
        if (postgres != null) postgres.close();
    }

    @Test
    void everyServiceLogsInToItsOwnDatabaseAsItsOwnRoleAndOwnsIt() throws SQLException {
        for (Application application : withDatabase()) {
            var environment = environment(application);
            try (Connection connection = connect(
                            environment.get("SPRING_DATASOURCE_URL"),
                            environment.get("SPRING_DATASOURCE_USERNAME"),
                            environment.get("SPRING_DATASOURCE_PASSWORD"));
                    var statement = connection.createStatement()) {
                try (var row = statement.executeQuery("SELECT current_user, current_database()")) {
                    row.next();
                    assertThat(row.getString(1)).isEqualTo(environment.get("SPRING_DATASOURCE_USERNAME"));
                    assertThat(row.getString(2))
                            .isEqualTo(application.database().orElseThrow());
                }
                statement.execute("CREATE TABLE flyway_can_create_tables (id int)");
                statement.execute("DROP TABLE flyway_can_create_tables");
            }
        }
    }

    @Test
    void noServiceGetsInWithAWrongPasswordOrIntoAnotherServicesDatabase() {
        var services = withDatabase();
        for (Application application : services) {
            var environment = environment(application);
            String user = environment.get("SPRING_DATASOURCE_USERNAME");
            assertThatThrownBy(() -> connect(environment.get("SPRING_DATASOURCE_URL"), user, "not-the-password")
                            .close())
                    .as("%s with a wrong password", application)
                    .isInstanceOf(SQLException.class);
            Application other = services.get((services.indexOf(application) + 1) % services.size());
            String otherUrl = environment(other).get("SPRING_DATASOURCE_URL");
            assertThatThrownBy(() -> connect(otherUrl, user, environment.get("SPRING_DATASOURCE_PASSWORD"))
                            .close())
                    .as("%s connecting to %s's database", application, other)
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void aServiceFindsItsDatabaseTheWayCreateDatabaseIfMissingLooksButCannotCreateOthers() throws SQLException {
        for (Application application : withDatabase()) {
            var environment = environment(application);
            String maintenance = environment.get("SPRING_DATASOURCE_URL").replaceAll("/[^/]+$", "/postgres");
            try (Connection connection = connect(
                            maintenance,
                            environment.get("SPRING_DATASOURCE_USERNAME"),
                            environment.get("SPRING_DATASOURCE_PASSWORD"));
                    var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, application.database().orElseThrow());
                try (var rows = exists.executeQuery()) {
                    assertThat(rows.next())
                            .as("%s's database exists before the service starts", application)
                            .isTrue();
                }
                assertThatThrownBy(() -> connection.createStatement().execute("CREATE DATABASE not_ours"))
                        .as("%s's role may not create databases", application)
                        .isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void runningTheScriptAgainChangesNothingAndFailsNothing() throws Exception {
        assertThat(runScript()).as("a second run").isZero();
    }

    private List<Application> withDatabase() {
        return new ArrayList<>(Applications.all().stream()
                .filter(a -> a.database().isPresent())
                .toList());
    }

    /** The application's compose environment, with the postgres host moved to the throwaway server. */
    private Map<String, String> environment(Application application) {
        var environment = new LinkedHashMap<>(
                compose.serviceBuilding(application.module()).orElseThrow().environment());
        environment.put(
                "SPRING_DATASOURCE_URL",
                environment
                        .get("SPRING_DATASOURCE_URL")
                        .replace("//postgres:5432/", "//127.0.0.1:" + postgres.getPort() + "/"));
        return environment;
    }

    private int runScript() throws IOException, InterruptedException {
        var builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().putAll(compose.service("postgres").environment());
        builder.environment().put("PGHOST", "127.0.0.1");
        builder.environment().put("PGPORT", Integer.toString(postgres.getPort()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("bash is needed to run the init script", e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (output.contains("psql: command not found") || output.contains("psql: not found")) {
            throw new AssertionError("psql is needed to run the init script: apt-get install postgresql-client");
        }
        if (process.exitValue() != 0) {
            System.err.println(output);
        }
        return process.exitValue();
    }

    private Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database, "postgres", "");
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
