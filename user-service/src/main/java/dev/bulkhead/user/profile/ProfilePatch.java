package dev.bulkhead.user.profile;

import dev.bulkhead.resilience.web.InvalidInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a PATCH body into a {@link ChangeProfile}, refusing every field that is not on the writable
 * list — by name, so the caller learns what was wrong. Binding straight to a record would silently
 * drop unknown fields; refusing them is the point.
 */
final class ProfilePatch {

    private ProfilePatch() {}

    static ChangeProfile read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidInput.of(InvalidInput.BODY, "must be a JSON object");
        }
        List<String> refused = new ArrayList<>(unknown(body, ChangeProfile.WRITABLE, ""));
        JsonNode address = body.get("address");
        if (address != null && !address.isNull()) {
            if (!address.isObject()) {
                throw InvalidInput.of("address", "must be a JSON object");
            }
            refused.addAll(unknown(address, ChangeProfile.WRITABLE_ADDRESS, "address."));
        }
        if (!refused.isEmpty()) {
            throw new FieldsNotWritable(refused);
        }
        JsonNode name = body.get("name");
        if (name != null && !name.isNull() && !name.isString()) {
            throw InvalidInput.of("name", "must be a string");
        }
        return new ChangeProfile(
                name == null || name.isNull() ? null : name.asString(),
                address == null || address.isNull() ? null : address(address));
    }

    private static Address address(JsonNode node) {
        return new Address(
                text(node, "line1"),
                text(node, "line2"),
                text(node, "city"),
                text(node, "postalCode"),
                text(node, "country"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return null;
        if (!value.isString()) throw InvalidInput.of("address." + field, "must be a string");
        return value.asString();
    }

    private static List<String> unknown(JsonNode object, Set<String> allowed, String prefix) {
        List<String> unknown = new ArrayList<>();
        for (String field : object.propertyNames()) {
            if (!allowed.contains(field)) unknown.add(prefix + field);
        }
        return unknown;
    }
}
