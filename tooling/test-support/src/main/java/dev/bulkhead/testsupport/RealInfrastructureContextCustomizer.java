package dev.bulkhead.testsupport;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

/**
 * Registers connection details for the kinds whose Boot module the test's classpath has. Runs once
 * per context load, which is what gives every context its own database.
 *
 * <p>All instances are equal: the context cache must treat two annotated test classes with the same
 * configuration as one context, and an unannotated one as another.
 */
final class RealInfrastructureContextCustomizer implements ContextCustomizer {

    /** The name of the database this context's {@code JdbcConnectionDetails} point at. */
    static final String DATABASE_NAME_PROPERTY = "bulkhead.test-support.database-name";

    static final String JDBC = "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails";
    static final String KAFKA = "org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails";
    static final String REDIS = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
        Infrastructure infrastructure = Infrastructure.get();
        infrastructure.track(context);
        BeanDefinitionRegistry registry = context instanceof BeanDefinitionRegistry direct
                ? direct
                : (BeanDefinitionRegistry) context.getBeanFactory();
        ClassLoader classLoader = context.getClassLoader();
        try {
            register(infrastructure, registry, context, classLoader);
        } finally {
            infrastructure.announce();
        }
    }

    private static void register(
            Infrastructure infrastructure,
            BeanDefinitionRegistry registry,
            ConfigurableApplicationContext context,
            ClassLoader classLoader) {
        if (ClassUtils.isPresent(JDBC, classLoader)) {
            Infrastructure.Database database = infrastructure.postgresQuietly().createDatabase();
            ConnectionDetailsBeans.jdbc(registry, database);
            TestPropertyValues.of(DATABASE_NAME_PROPERTY + "=" + database.name())
                    .applyTo(context);
        }
        if (ClassUtils.isPresent(KAFKA, classLoader)) {
            ConnectionDetailsBeans.kafka(registry, infrastructure.kafkaQuietly());
        }
        if (ClassUtils.isPresent(REDIS, classLoader)) {
            ConnectionDetailsBeans.redis(registry, infrastructure.redisQuietly());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }
}
