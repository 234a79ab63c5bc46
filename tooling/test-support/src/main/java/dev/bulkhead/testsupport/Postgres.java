package dev.bulkhead.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** JDBC chores on a Postgres server: probing it, creating and dropping test databases. */
final class Postgres {

    private static final Log log = LogFactory.getLog(Postgres.class);

    /** Databases of crashed runs older than this are dropped from a shared server; younger ones may be live. */
    static final Duration STALE_AFTER = Duration.ofHours(12);

    private final Provisioner.PostgresServer server;
    private final String runId;
    private final AtomicInteger counter = new AtomicInteger();
    private final List<String> created = new CopyOnWriteArrayList<>();

    Postgres(Provisioner.PostgresServer server, String runId) {
        this.server = server;
        this.runId = runId;
    }

    Provisioner.PostgresServer server() {
        return server;
    }

    Infrastructure.Database createDatabase() {
        String name = "bk_" + runId + "_" + counter.incrementAndGet();
        try (Connection connection = connect(server, "postgres");
                Statement statement = connection.createStatement()) {
            // The name is built from [a-z0-9_] only, so it needs no quoting.
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new InfrastructureUnavailableException(
                    "Could not create test database " + name + " on " + server.host() + ":" + server.port()
                            + " (" + InfrastructureUnavailableException.brief(e) + "): give role "
                            + server.username() + " CREATEDB, or set " + Settings.PG_USER + " to a role that has it",
                    e);
        }
        created.add(name);
        return new Infrastructure.Database(name, server.jdbcUrl(name), server.username(), server.password());
    }

    /** Drops this run's databases; on a shared server nobody else would. */
    void dropCreated() {
        if (!server.shared()) {
            return;
        }
        try (Connection connection = connect(server, "postgres");
                Statement statement = connection.createStatement()) {
            String force = serverVersion(connection) >= 130000 ? " WITH (FORCE)" : "";
            for (String name : created) {
                try {
                    statement.execute("DROP DATABASE IF EXISTS " + name + force);
                } catch (SQLException e) {
                    log.debug("Could not drop test database " + name, e);
                }
            }
        } catch (SQLException e) {
            log.debug("Could not drop this run's test databases", e);
        }
    }

    /** Best effort: drops databases that earlier, crashed runs left behind on a shared server. */
    void dropStale(Instant now) {
        if (!server.shared()) {
            return;
        }
        try (Connection connection = connect(server, "postgres");
                Statement statement = connection.createStatement()) {
            List<String> stale = new ArrayList<>();
            try (ResultSet rows =
                    statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'bk\\_%'")) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    RunId.startedAt(name)
                            .filter(started -> started.isBefore(now.minus(STALE_AFTER)))
                            .ifPresent(started -> stale.add(name));
                }
            }
            for (String name : stale) {
                try {
                    // Without FORCE: a database somebody still uses is left alone.
                    statement.execute("DROP DATABASE IF EXISTS " + name);
                } catch (SQLException e) {
                    log.debug("Left stale test database " + name, e);
                }
            }
        } catch (SQLException e) {
            log.debug("Could not look for stale test databases", e);
        }
    }

    static Connection connect(Provisioner.PostgresServer server, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.username());
        properties.setProperty("password", server.password());
        properties.setProperty("connectTimeout", "3");
        Connection connection = new org.postgresql.Driver().connect(server.jdbcUrl(database), properties);
        if (connection == null) {
            throw new SQLException("The Postgres driver refused " + server.jdbcUrl(database));
        }
        return connection;
    }

    /** Fails when the role may not create databases, which test-support needs for isolation. */
    static void checkCanCreateDatabases(Provisioner.PostgresServer server) throws SQLException {
        try (Connection connection = connect(server, "postgres");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (!row.next() || !row.getBoolean(1)) {
                throw new SQLException("role " + server.username() + " may not create databases");
            }
        }
    }

    private static int serverVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW server_version_num")) {
            return row.next() ? Integer.parseInt(row.getString(1)) : 0;
        }
    }
}
