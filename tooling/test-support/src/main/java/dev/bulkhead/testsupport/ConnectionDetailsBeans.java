package dev.bulkhead.testsupport;

import java.util.List;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

/**
 * The connection-details beans. Each method touches only its own Boot type, and is called only when
 * that type is on the classpath, so a service without, say, Redis never loads a Redis class.
 */
final class ConnectionDetailsBeans {

    private ConnectionDetailsBeans() {}

    static void jdbc(BeanDefinitionRegistry registry, Infrastructure.Database database) {
        JdbcConnectionDetails details = new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return database.username();
            }

            @Override
            public String getPassword() {
                return database.password();
            }

            @Override
            public String getJdbcUrl() {
                return database.jdbcUrl();
            }
        };
        register(registry, "bulkheadTestJdbcConnectionDetails", JdbcConnectionDetails.class, details);
    }

    static void kafka(BeanDefinitionRegistry registry, Infrastructure.Kafka kafka) {
        List<String> servers = List.of(kafka.bootstrapServers().split(","));
        KafkaConnectionDetails details = () -> servers;
        register(registry, "bulkheadTestKafkaConnectionDetails", KafkaConnectionDetails.class, details);
    }

    static void redis(BeanDefinitionRegistry registry, Infrastructure.Redis redis) {
        DataRedisConnectionDetails.Standalone standalone =
                DataRedisConnectionDetails.Standalone.of(redis.host(), redis.port(), redis.database());
        DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
                return standalone;
            }
        };
        register(registry, "bulkheadTestDataRedisConnectionDetails", DataRedisConnectionDetails.class, details);
    }

    private static <T> void register(BeanDefinitionRegistry registry, String name, Class<T> type, T details) {
        RootBeanDefinition definition = new RootBeanDefinition(type, () -> details);
        registry.registerBeanDefinition(name, definition);
    }
}
