package dev.bulkhead.testsupport;

import java.util.Map;
import java.util.function.UnaryOperator;

/** Where test-support reads its switches: a system property wins over the environment variable. */
final class Settings {

    static final String INFRA = "BULKHEAD_TEST_INFRA";
    static final String PG_USER = "BULKHEAD_TEST_PG_USER";
    static final String PG_PASSWORD = "BULKHEAD_TEST_PG_PASSWORD";
    static final String PG_IMAGE = "BULKHEAD_TEST_PG_IMAGE";
    static final String KAFKA_IMAGE = "BULKHEAD_TEST_KAFKA_IMAGE";
    static final String REDIS_IMAGE = "BULKHEAD_TEST_REDIS_IMAGE";

    private final UnaryOperator<String> lookup;

    private Settings(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    static Settings system() {
        return new Settings(name -> {
            String property = System.getProperty(name);
            return property != null ? property : System.getenv(name);
        });
    }

    static Settings of(Map<String, String> values) {
        return new Settings(values::get);
    }

    String get(String name, String fallback) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
