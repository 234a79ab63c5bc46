package dev.bulkhead.devstack.infra;

import dev.bulkhead.devstack.state.Home;
import dev.bulkhead.localservers.LocalPorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Postgres: the server on the port if one answers, else an embedded one (zonky) whose data directory
 * is kept in {@code .bulkhead/postgres} across restarts ({@code setCleanDataDirectory(false)}: initdb
 * runs only when the directory has no postgresql.conf). The applications create their own databases.
 */
public final class Postgres {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private Postgres() {}

    /**
     * {@code mode} is {@code auto} (a server on the port, else embedded) or {@code embedded};
     * {@code createFirst} are the databases to create before the applications start (see {@link #provide}).
     */
    public record PostgresConfig(
            String mode,
            int port,
            String user,
            String password,
            Path dataDir,
            Path log,
            boolean fresh,
            List<String> databases,
            List<String> createFirst) {}

    /**
     * Finds or starts the server, then creates the {@code createFirst} databases that are missing. A
     * service creates its own database on first start, but two instances starting at once both find it
     * missing, and the loser's CREATE DATABASE fails on pg_database's unique index: created here, one
     * at a time, the instances find it there.
     */
    public static Component provide(PostgresConfig config, Consumer<String> say) throws IOException, SQLException {
        var component = serverFor(config, say);
        createMissing(config);
        return component;
    }

    private static Component serverFor(PostgresConfig config, Consumer<String> say) throws IOException, SQLException {
        if (!"embedded".equals(config.mode()) && LocalPorts.isOpen(config.port())) {
            if (config.fresh()) {
                dropDatabases(config, say);
            }
            return new Found("postgres", config.port(), "local server");
        }
        if (config.fresh()) {
            Home.deleteTree(config.dataDir());
        }
        boolean initialise = !Files.exists(config.dataDir().resolve("postgresql.conf"));
        if (initialise) {
            say.accept("Initialising an embedded Postgres in " + config.dataDir() + " ...");
        }
        Files.createDirectories(config.dataDir());
        Files.createDirectories(config.log().getParent());
        var log = config.log().toFile();
        var server = EmbeddedPostgres.builder()
                .setPort(config.port())
                .setDataDirectory(config.dataDir())
                .setCleanDataDirectory(false) // keep the data between runs; --fresh deletes the directory
                .setRegisterShutdownHook(false) // the launcher stops it, after the applications
                .setServerConfig("shared_buffers", "32MB") // a demo's data; the default 128 MB is for real work
                .setServerConfig("max_connections", "150") // 6 services x pool of 10, plus tools
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(START_TIMEOUT)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                .start();
        return new Embedded(server, postmaster(config.dataDir()), config.port());
    }

    private static void dropDatabases(PostgresConfig config, Consumer<String> say) throws SQLException {
        var url = "jdbc:postgresql://127.0.0.1:" + config.port() + "/postgres";
        try (var connection = DriverManager.getConnection(url, config.user(), config.password());
                var statement = connection.createStatement()) {
            for (var db : config.databases()) {
                // WITH (FORCE) (Postgres 13+) ends other sessions on it, e.g. a psql left open
                statement.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            }
        }
        say.accept("--fresh: dropped databases " + String.join(", ", config.databases()) + " on the local server");
    }

    private static void createMissing(PostgresConfig config) throws SQLException {
        if (config.createFirst().isEmpty()) {
            return;
        }
        var url = "jdbc:postgresql://127.0.0.1:" + config.port() + "/postgres";
        try (var connection = DriverManager.getConnection(url, config.user(), config.password());
                var exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
                var statement = connection.createStatement()) {
            for (var db : config.createFirst()) {
                exists.setString(1, db);
                try (var rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        statement.execute("CREATE DATABASE \"" + db + "\"");
                    }
                }
            }
        }
    }

    /** The first line of postmaster.pid is the server's pid (pg_ctl detaches it from the launcher). */
    private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        var pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        var lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
    }

    /** An embedded server: stopped by zonky ({@code pg_ctl stop -m fast}). */
    private record Embedded(EmbeddedPostgres server, Optional<ProcessHandle> process, int port) implements Component {

        @Override
        public String name() {
            return "postgres";
        }

        @Override
        public String origin() {
            return "embedded";
        }

        @Override
        public void stop() {
            try {
                server.close();
            } catch (IOException e) {
                process.ifPresent(ProcessHandle::destroy);
            }
        }
    }
}
