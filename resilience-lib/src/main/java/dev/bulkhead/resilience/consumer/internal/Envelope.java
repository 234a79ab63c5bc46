package dev.bulkhead.resilience.consumer.internal;

import dev.bulkhead.resilience.consumer.MalformedEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The envelope fields a consumer relies on, checked, with {@code data} still as a tree: the binding
 * for the type decides what it is read into. Unknown envelope fields are ignored.
 */
record Envelope(UUID id, String type, int version, String source, Instant time, String subject, JsonNode data) {

    /** @throws MalformedEvent when it is not JSON, not an object, or lacks an envelope field */
    static Envelope read(JsonMapper json, String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedEvent("empty record");
        }
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (JacksonException e) {
            throw new MalformedEvent("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEvent("not a JSON object");
        }
        String type = text(node, "type");
        JsonNode data = node.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedEvent(type + " has no data object");
        }
        return new Envelope(
                uuid(node, "id"),
                type,
                version(node),
                text(node, "source"),
                instant(node, "time"),
                text(node, "subject"),
                data);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new MalformedEvent("missing envelope." + field);
        }
        return value.asString();
    }

    private static UUID uuid(JsonNode node, String field) {
        try {
            return UUID.fromString(text(node, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvent("envelope." + field + " is not a UUID", e);
        }
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new MalformedEvent("envelope." + field + " is not an ISO-8601 instant", e);
        }
    }

    private static int version(JsonNode node) {
        JsonNode value = node.get("version");
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new MalformedEvent("envelope.version is not an integer");
        }
        return value.asInt();
    }
}
