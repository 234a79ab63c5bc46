package dev.bulkhead.resilience.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Reads JSON strings as Jackson does, and refuses one that holds U+0000. JSON allows {@code "\u0000"},
 * Postgres text does not: let through, it failed at the database as a 500 (or later, in a consumer of
 * an event that carried it). Refused here, it is a 400 naming the field, before anything is stored.
 */
final class TextWithoutNul extends StringDeserializer {

    static final String MESSAGE = "must not contain the NUL character (U+0000)";

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String text = super.deserialize(parser, context);
        if (text != null && text.indexOf('\u0000') >= 0) {
            return (String) context.handleWeirdStringValue(String.class, text, MESSAGE);
        }
        return text;
    }
}
