package dev.bulkhead.deploymentcheck.project;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an application is configured with before any deployment touches it, in Spring's order of
 * precedence: the defaults its own {@code @ConfigurationProperties} declare (metadata), resilience-lib's
 * {@code bulkhead-*-defaults.properties} (added as {@code PlatformDefaults} adds them), then the module's
 * {@code application.yml}. A deployment's environment goes on top ({@link #resolved(Map)}).
 */
public final class Configuration {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    /**
     * Metadata defaults taken: our own properties, and Redis's host (the one client whose localhost default
     * the gateway relies on). Boot's metadata also lists localhost defaults of exporters that stay off unless
     * configured (Atlas, Influx …); those are no address of ours.
     */
    private static final java.util.List<String> DEFAULTED_PREFIXES =
            java.util.List.of("bulkhead.", "spring.data.redis.");

    private final Application application;
    private final Map<String, String> values;

    private Configuration(Application application, Map<String, String> values) {
        this.application = application;
        this.values = values;
    }

    public static Configuration of(Application application) {
        var values = new LinkedHashMap<String, String>();
        var jar = application.bootJar();
        for (String document : jar.configurationMetadata()) {
            JsonNode properties = JSON.readTree(document).path("properties");
            for (JsonNode property : properties) {
                String name = property.path("name").asString();
                JsonNode value = property.get("defaultValue");
                if (value != null && DEFAULTED_PREFIXES.stream().anyMatch(name::startsWith)) {
                    values.put(name, value.isArray() ? join(value) : value.asString());
                }
            }
        }
        // PlatformDefaults: the base file lowest, the Kafka and JDBC files above it when those libraries are there.
        load(jar, "bulkhead-defaults.properties", values);
        if (jar.hasLibrary("spring-kafka")) load(jar, "bulkhead-kafka-defaults.properties", values);
        if (jar.hasLibrary("spring-jdbc")) load(jar, "bulkhead-jdbc-defaults.properties", values);
        application.ownConfiguration().forEach((key, value) -> values.put(key, String.valueOf(value)));
        return new Configuration(application, values);
    }

    public Application application() {
        return application;
    }

    /** Raw values, placeholders unresolved. */
    public Map<String, String> values() {
        return values;
    }

    /** Every property resolved as it would be with {@code environment} set; variables that set no known key are added under their dotted name. */
    public Map<String, String> resolved(Map<String, String> environment) {
        var layered = new LinkedHashMap<>(values);
        environment.forEach((variable, value) -> {
            boolean matched = false;
            for (String key : layered.keySet()) {
                if (RelaxedNames.sets(variable, key)) {
                    layered.put(key, value);
                    matched = true;
                }
            }
            if (!matched) {
                layered.put(RelaxedNames.ofEnvironmentVariable(variable), value);
            }
        });
        var resolved = new LinkedHashMap<String, String>();
        layered.forEach((key, value) -> resolved.put(key, resolve(value, layered, environment, 0)));
        return resolved;
    }

    /** One property resolved with {@code environment} set. */
    public Optional<String> resolved(String property, Map<String, String> environment) {
        var all = resolved(environment);
        return all.entrySet().stream()
                .filter(e -> RelaxedNames.ofProperty(e.getKey()).equals(RelaxedNames.ofProperty(property)))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static String resolve(
            String value, Map<String, String> values, Map<String, String> environment, int depth) {
        if (value == null || depth > 10) {
            return value;
        }
        Matcher matcher = PLACEHOLDER.matcher(value);
        var out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String found = lookup(name, values, environment);
            String replacement = found != null
                    ? resolve(found, values, environment, depth + 1)
                    : matcher.group(2) != null
                            ? resolve(matcher.group(2), values, environment, depth + 1)
                            : matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String lookup(String name, Map<String, String> values, Map<String, String> environment) {
        if (environment.containsKey(name)) {
            return environment.get(name);
        }
        for (var variable : environment.entrySet()) {
            if (RelaxedNames.sets(variable.getKey(), name)) {
                return variable.getValue();
            }
        }
        String uniform = RelaxedNames.ofProperty(name);
        for (var entry : values.entrySet()) {
            if (RelaxedNames.ofProperty(entry.getKey()).equals(uniform)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void load(BootJar jar, String name, Map<String, String> into) {
        String text = jar.libraryResource("resilience-lib", name)
                .orElseThrow(() -> new AssertionError(jar.file() + " has no resilience-lib with " + name));
        var properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.stringPropertyNames().stream().sorted().forEach(key -> into.put(key, properties.getProperty(key)));
    }

    private static String join(JsonNode array) {
        var parts = new java.util.ArrayList<String>();
        array.forEach(item -> parts.add(item.asString()));
        return String.join(",", parts);
    }
}
