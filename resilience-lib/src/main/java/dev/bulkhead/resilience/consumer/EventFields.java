package dev.bulkhead.resilience.consumer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Checked access to the fields of an event body. Every accessor either returns a usable value or
 * throws {@link MalformedEvent} naming the field, so a listener never has to null-check its input and
 * a broken event never half-applies.
 */
public final class EventFields {

    private final String path;
    private final JsonNode node;

    EventFields(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    /** A non-blank string. */
    public String text(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new MalformedEvent("missing " + where(field));
        }
        return value.asString();
    }

    /** A string that may be absent or null. */
    public Optional<String> optionalText(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new MalformedEvent(where(field) + " is not a string");
        }
        return Optional.of(value.asString());
    }

    /** Whether the field is present and not null. */
    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public UUID uuid(String field) {
        try {
            return UUID.fromString(text(field));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvent(where(field) + " is not a UUID", e);
        }
    }

    public Instant instant(String field) {
        try {
            return Instant.parse(text(field));
        } catch (DateTimeParseException e) {
            throw new MalformedEvent(where(field) + " is not an ISO-8601 instant", e);
        }
    }

    /** An integral number that fits a {@code long}. */
    public long number(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new MalformedEvent(where(field) + " is not an integer");
        }
        return value.asLong();
    }

    /** An integral number that fits an {@code int}. */
    public int integer(String field) {
        long value = number(field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new MalformedEvent(where(field) + " is out of range");
        }
        return (int) value;
    }

    /** A decimal given as a JSON number or as a string (money travels as strings to keep its scale). */
    public BigDecimal decimal(String field) {
        JsonNode value = node.get(field);
        try {
            if (value != null && value.isNumber()) {
                return value.decimalValue();
            }
            return new BigDecimal(text(field));
        } catch (NumberFormatException e) {
            throw new MalformedEvent(where(field) + " is not a decimal", e);
        }
    }

    /** A nested object. */
    public EventFields object(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new MalformedEvent(where(field) + " is not an object");
        }
        return new EventFields(where(field), value);
    }

    /** An array of objects; empty when the array is empty, malformed when absent. */
    public List<EventFields> objects(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new MalformedEvent(where(field) + " is not an array");
        }
        List<EventFields> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw new MalformedEvent(where(field) + "[" + i + "] is not an object");
            }
            items.add(new EventFields(where(field) + "[" + i + "]", item));
        }
        return items;
    }

    /** The raw node, for the rare consumer that stores a body as it came. */
    public JsonNode node() {
        return node;
    }

    private String where(String field) {
        return path + "." + field;
    }
}
