package dev.bulkhead.testsupport.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether this build's event schemas still let the last release's consumers read what it writes, and
 * its own consumers read what the last release wrote and is still on the topics. For a released
 * {@code (type, version)}: the same required fields, every released field with the same schema (its
 * type, format, enum values, reference), {@code additionalProperties} not narrowed, and new fields
 * only optional. A schema file removed is a version consumers can no longer read.
 */
public final class SchemaCompatibility {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SchemaCompatibility() {}

    /** Every break between the released schemas and the current ones, as readable lines. */
    public static List<String> breaks(Path released, Path current) {
        List<String> breaks = new ArrayList<>();
        for (Path file : schemaFiles(released)) {
            Path relative = released.relativize(file);
            Path now = current.resolve(relative.toString());
            if (!Files.isRegularFile(now)) {
                breaks.add(relative + ": released, and gone");
                continue;
            }
            breaks.addAll(breaks(relative.toString(), read(file), read(now)));
        }
        return breaks;
    }

    /** The breaks between one released schema and its current form. */
    public static List<String> breaks(String name, JsonNode released, JsonNode current) {
        List<String> breaks = new ArrayList<>();
        compareObject(name, "", released, current, breaks);
        JsonNode releasedData = released.path("properties").path("data");
        JsonNode currentData = current.path("properties").path("data");
        if (!releasedData.isMissingNode()) {
            compareObject(name, "data.", releasedData, currentData, breaks);
        }
        return breaks;
    }

    private static void compareObject(
            String name, String prefix, JsonNode released, JsonNode current, List<String> breaks) {
        Set<String> releasedRequired = names(released.path("required"));
        Set<String> currentRequired = names(current.path("required"));
        for (String field : releasedRequired) {
            if (!currentRequired.contains(field)) {
                breaks.add(name + ": " + prefix + field + " is no longer required (a released consumer needs it)");
            }
        }
        for (String field : currentRequired) {
            if (!releasedRequired.contains(field)) {
                breaks.add(name + ": " + prefix + field + " is newly required (released events do not have it)");
            }
        }
        JsonNode releasedProperties = released.path("properties");
        JsonNode currentProperties = current.path("properties");
        for (String field : releasedProperties.propertyNames()) {
            if (prefix.isEmpty() && field.equals("data")) {
                continue; // compared field by field above
            }
            JsonNode was = releasedProperties.get(field);
            JsonNode is = currentProperties.get(field);
            if (is == null) {
                breaks.add(name + ": " + prefix + field + " was removed");
            } else if (!withoutDocumentation(was).equals(withoutDocumentation(is))) {
                breaks.add(name + ": " + prefix + field + " changed from " + withoutDocumentation(was) + " to "
                        + withoutDocumentation(is));
            }
        }
        JsonNode wasOpen = released.path("additionalProperties");
        JsonNode isOpen = current.path("additionalProperties");
        boolean releasedAllowedMore = wasOpen.isMissingNode() || wasOpen.asBoolean(true);
        boolean currentAllowsMore = isOpen.isMissingNode() || isOpen.asBoolean(true);
        if (releasedAllowedMore && !currentAllowsMore) {
            breaks.add(name + ": " + prefix + "additionalProperties narrowed to false");
        }
    }

    /** A description may change; what a value may be may not. */
    private static JsonNode withoutDocumentation(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        var copy = schema.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) copy).remove(List.of("description", "title", "examples"));
        return copy;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new HashSet<>();
        array.forEach(node -> names.add(node.asString()));
        return names;
    }

    private static List<Path> schemaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".schema.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
