package dev.bulkhead.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class DatabaseIsolationIT {

    @Test
    void givesTwoContextsTwoFreshDatabasesThatDoNotShareTables() throws SQLException {
        try (var orders = start("orders");
                var payments = start("payments")) {
            String ordersDatabase = currentDatabase(orders);
            String paymentsDatabase = currentDatabase(payments);

            execute(orders, "CREATE TABLE isolation_probe (id INT)");
            execute(orders, "INSERT INTO isolation_probe VALUES (1)");

            assertThat(ordersDatabase)
                    .startsWith("bk_" + Infrastructure.get().runId() + "_")
                    .isNotEqualTo(paymentsDatabase);
            assertThat(ordersDatabase)
                    .isEqualTo(orders.getEnvironment().getProperty("bulkhead.test-support.database-name"));
            assertThat(tableExists(orders, "isolation_probe")).isTrue();
            assertThat(tableExists(payments, "isolation_probe")).isFalse();
        }
    }

    @Test
    void startsEachContextOnAnEmptyDatabaseMigratedByItsOwnFlyway() throws SQLException {
        try (var context = start("fresh")) {
            assertThat(tableExists(context, "isolation_probe")).isFalse();
            assertThat(count(context, "SELECT count(*) FROM probe")).isZero();
            assertThat(count(context, "SELECT count(*) FROM flyway_schema_history WHERE success"))
                    .isEqualTo(1);
        }
    }

    /** A context started the way a @RealInfrastructure test's would be, outside the test framework's cache. */
    private static ConfigurableApplicationContext start(String name) {
        return new SpringApplicationBuilder(ProbeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.application.name=" + name)
                .initializers(context -> new RealInfrastructureContextCustomizer().customizeContext(context, null))
                .run();
    }

    private static String currentDatabase(ConfigurableApplicationContext context) throws SQLException {
        try (Connection connection = context.getBean(DataSource.class).getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database()")) {
            row.next();
            return row.getString(1);
        }
    }

    private static boolean tableExists(ConfigurableApplicationContext context, String table) throws SQLException {
        return count(context, "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'") > 0;
    }

    private static int count(ConfigurableApplicationContext context, String sql) throws SQLException {
        try (Connection connection = context.getBean(DataSource.class).getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void execute(ConfigurableApplicationContext context, String sql) throws SQLException {
        try (Connection connection = context.getBean(DataSource.class).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
