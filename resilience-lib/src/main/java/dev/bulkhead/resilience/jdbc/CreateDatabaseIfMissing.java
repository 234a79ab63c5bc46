package dev.bulkhead.resilience.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Creates the service's own Postgres database before anything uses the {@link DataSource}, so a
 * fresh Postgres server (a laptop, a new dev stack) needs no manual {@code CREATE DATABASE}.
 *
 * <p>It connects to the server's {@code postgres} maintenance database with the service's own
 * credentials. Where the role may not create databases (production), the database is expected to
 * exist already and a missing one fails start-up with a message that says so.
 */
public final class CreateDatabaseIfMissing implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(CreateDatabaseIfMissing.class);
    private static final Pattern POSTGRES_URL =
            Pattern.compile("^(jdbc:postgresql://[^/]*/)([A-Za-z_][A-Za-z0-9_]*)(\\?.*)?$");

    // Looked up lazily: a post-processor that pulled beans in eagerly would deny them processing.
    private final ObjectProvider<JdbcConnectionDetails> connection;

    public CreateDatabaseIfMissing(ObjectProvider<JdbcConnectionDetails> connection) {
        this.connection = connection;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource) {
            JdbcConnectionDetails details = connection.getIfAvailable();
            if (details != null) {
                ensureExists(details.getJdbcUrl(), details.getUsername(), details.getPassword());
            }
        }
        return bean;
    }

    /**
     * Creates the database named in {@code jdbcUrl} unless it exists.
     *
     * @return whether it had to be created
     */
    static boolean ensureExists(String jdbcUrl, String username, String password) {
        Matcher url = POSTGRES_URL.matcher(jdbcUrl);
        if (!url.matches()) {
            log.debug("Not a plain Postgres URL, leaving database creation to the operator: {}", jdbcUrl);
            return false;
        }
        String database = url.group(2);
        String maintenance = url.group(1) + "postgres" + (url.group(3) == null ? "" : url.group(3));
        Properties credentials = new Properties();
        if (username != null) credentials.setProperty("user", username);
        if (password != null) credentials.setProperty("password", password);
        try (Connection admin = DriverManager.getConnection(maintenance, credentials);
                var exists = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (var rows = exists.executeQuery()) {
                if (rows.next()) return false;
            }
            try (var create = admin.createStatement()) {
                // The name matched POSTGRES_URL's identifier pattern, so quoting it is safe.
                create.execute("create database \"" + database + "\"");
            }
            log.info("Created database {} on first start", database);
            return true;
        } catch (SQLException e) {
            // Created concurrently by another instance: 42P04 if its commit came first, 23505 (pg_database's
            // unique name index) if both got past the check and it committed while this one waited.
            if ("42P04".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) return false;
            throw new IllegalStateException(
                    "Database '" + database + "' is missing and could not be created (" + e.getMessage()
                            + "). Create it, or give the service's role CREATEDB.",
                    e);
        }
    }
}
