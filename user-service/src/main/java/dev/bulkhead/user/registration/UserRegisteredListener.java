package dev.bulkhead.user.registration;

import dev.bulkhead.resilience.consumer.MalformedEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import dev.bulkhead.user.profile.Profile;
import dev.bulkhead.user.profile.Profiles;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a profile for every registered user, exactly once: the event id is claimed in the same
 * transaction that inserts the profile. Reads the envelope tolerantly (unknown fields ignored, other
 * event types on the topic skipped); what it cannot read goes to {@code user-events.DLT}.
 */
@Component
class UserRegisteredListener {

    static final String CONSUMER = "user-service.profiles";
    private static final Logger log = LoggerFactory.getLogger(UserRegisteredListener.class);

    private final Profiles profiles;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    UserRegisteredListener(Profiles profiles, ProcessedEvents processed, JsonMapper json) {
        this.profiles = profiles;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(topics = "user-events")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        JsonNode envelope = parse(record.value());
        if (!"UserRegistered".equals(envelope.path("type").asString(null))) {
            return; // the topic also carries UserUpdated; not this consumer's business
        }
        UUID eventId = uuid(envelope, "id");
        JsonNode data = envelope.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedEvent("UserRegistered " + eventId + " has no data object");
        }
        UUID userId = uuid(data, "userId");
        String email = required(data, "email");
        String name = required(data, "name");
        Instant registeredAt =
                instant(data.has("registeredAt") ? data : envelope, data.has("registeredAt") ? "registeredAt" : "time");
        if (!processed.claim(CONSUMER, eventId)) {
            log.debug("UserRegistered {} was applied already", eventId);
            return;
        }
        if (profiles.existsById(userId)) {
            return; // another event for the same registration: the profile is there
        }
        profiles.save(Profile.registered(userId, email, name, registeredAt));
        log.info("Created the profile of user {}", userId);
    }

    private JsonNode parse(String value) {
        if (value == null) throw new MalformedEvent("empty record on user-events");
        try {
            JsonNode node = json.readTree(value);
            if (!node.isObject()) throw new MalformedEvent("not a JSON object");
            return node;
        } catch (JacksonException e) {
            throw new MalformedEvent("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new MalformedEvent("missing " + field);
        }
        return value.asString();
    }

    private static UUID uuid(JsonNode node, String field) {
        try {
            return UUID.fromString(required(node, field));
        } catch (IllegalArgumentException e) {
            throw new MalformedEvent(field + " is not a UUID", e);
        }
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(required(node, field));
        } catch (DateTimeParseException e) {
            throw new MalformedEvent(field + " is not an ISO-8601 instant", e);
        }
    }
}
