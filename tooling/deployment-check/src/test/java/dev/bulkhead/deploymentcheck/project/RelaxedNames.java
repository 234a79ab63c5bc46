package dev.bulkhead.deploymentcheck.project;

import java.util.Locale;

/**
 * Spring Boot's relaxed binding, reduced to one comparable form: {@code spring.data.redis.host},
 * {@code spring.data-redis.host} and {@code SPRING_DATA_REDIS_HOST} all become {@code spring.data.redis.host};
 * {@code bulkhead.auth.keys[0].private-key} and {@code BULKHEAD_AUTH_KEYS_0_PRIVATEKEY} both become
 * {@code bulkhead.auth.keys.0.privatekey}.
 */
public final class RelaxedNames {

    private RelaxedNames() {}

    /** The uniform form of a property name as written in YAML, properties or metadata. */
    public static String ofProperty(String name) {
        var out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '[') {
                int end = name.indexOf(']', i);
                String key = name.substring(i + 1, end < 0 ? name.length() : end);
                if (out.length() > 0) out.append('.');
                out.append(key.toLowerCase(Locale.ROOT));
                i = end < 0 ? name.length() : end + 1;
            } else {
                if (c != '-') out.append(Character.toLowerCase(c));
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The legacy form Spring also accepts from the environment: dashes as separators
     * ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS} for {@code spring.kafka.bootstrap-servers}).
     */
    public static String ofPropertyWithDashesAsDots(String name) {
        return ofProperty(name.replace('-', '.'));
    }

    /** The uniform form of an environment variable name, as Spring maps it onto properties. */
    public static String ofEnvironmentVariable(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
    }

    /** Whether the environment variable sets the property. */
    public static boolean sets(String environmentVariable, String property) {
        String variable = ofEnvironmentVariable(environmentVariable);
        return variable.equals(ofProperty(property)) || variable.equals(ofPropertyWithDashesAsDots(property));
    }
}
