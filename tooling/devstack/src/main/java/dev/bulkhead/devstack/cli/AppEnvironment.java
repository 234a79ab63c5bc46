package dev.bulkhead.devstack.cli;

import dev.bulkhead.devstack.apps.AppsConfig;
import dev.bulkhead.devstack.state.AdminAccount;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the applications are told about the stack: where its infrastructure listens, and the dev-only knobs. */
final class AppEnvironment {

    /** Small pools: seven services share one Postgres on a laptop. */
    static final Map<String, String> DEV_ENVIRONMENT = Map.of(
            "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "5",
            "SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "1",
            "SERVER_TOMCAT_THREADS_MIN_SPARE", "2");

    private AppEnvironment() {}

    static AppsConfig of(Settings settings, AdminAccount admin) {
        return of(settings, admin, Map.of());
    }

    /** @param gateway what only the gateway is told: where the launcher's control endpoint is, and its secret */
    static AppsConfig of(Settings settings, AdminAccount admin, Map<String, String> gateway) {
        var env = new LinkedHashMap<String, String>(DEV_ENVIRONMENT);
        env.put("SPRING_DATASOURCE_USERNAME", settings.postgresUser());
        env.put("SPRING_DATASOURCE_PASSWORD", settings.postgresPassword());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:" + settings.kafkaPort());
        env.put("SPRING_DATA_REDIS_HOST", "localhost");
        env.put("SPRING_DATA_REDIS_PORT", Integer.toString(settings.redisPort()));
        env.put("BULKHEAD_CLIENTS_PAYMENTPROVIDER_URL", "http://localhost:" + settings.providerPort());
        // A demo needs something to order: inventory-service loads its demo catalogue into an empty table.
        env.put("BULKHEAD_INVENTORY_CATALOGUE_SEEDWHENEMPTY", "true");
        // auth-service keeps the dev stack's generated signing key under $BULKHEAD_HOME/keys.
        env.put("BULKHEAD_HOME", settings.home().dir().toString());
        env.putAll(admin.environment());
        return new AppsConfig(
                settings.root(),
                settings.home().dir(),
                settings.java(),
                settings.version(),
                settings.aot(),
                "jdbc:postgresql://localhost:" + settings.postgresPort() + "/" + settings.databasePrefix(),
                Map.copyOf(env),
                Map.copyOf(gateway));
    }
}
