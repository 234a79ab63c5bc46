package dev.bulkhead.resilience.autoconfigure;

import dev.bulkhead.resilience.jdbc.CreateDatabaseIfMissing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;

/** Each service owns one Postgres database; this makes sure it exists before the pool opens. */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({JdbcConnectionDetails.class, org.postgresql.Driver.class})
@ConditionalOnBooleanProperty(name = "bulkhead.database.create-if-missing", matchIfMissing = true)
public class DatabaseAutoConfiguration {

    @Bean
    static CreateDatabaseIfMissing createDatabaseIfMissing(ObjectProvider<JdbcConnectionDetails> connection) {
        return new CreateDatabaseIfMissing(connection);
    }
}
