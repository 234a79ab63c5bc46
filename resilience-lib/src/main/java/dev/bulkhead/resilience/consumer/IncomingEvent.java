package dev.bulkhead.resilience.consumer;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event as a consumer reads it: the envelope fields it relies on, checked, and the {@code data}
 * body as {@link EventFields}. Reading is tolerant (unknown fields are ignored, so producers may add
 * fields without breaking anyone) but strict about what is there: whatever cannot be read throws
 * {@link MalformedEvent}, which the error handler sends to the dead-letter topic without retrying.
 *
 * <pre>{@code
 * @KafkaListener(topics = "order-events")
 * @Transactional
 * void on(String message) {
 *     var event = IncomingEvent.read(json, message);
 *     if (!event.is("OrderCreated")) return;                 // the topic carries other types too
 *     if (!processed.claim(CONSUMER, event.id())) return;    // a redelivery
 *     var orderId = event.data().uuid("orderId");
 *     ...
 * }
 * }</pre>
 *
 * @param id the event id, the consumers' idempotency key
 * @param type the event type
 * @param version the schema version of {@code data}
 * @param source the producing application
 * @param time when it happened
 * @param subject the aggregate id
 * @param traceparent the W3C trace context the producer recorded, or {@code null}
 * @param data the body
 */
public record IncomingEvent(
        UUID id,
        String type,
        int version,
        String source,
        Instant time,
        String subject,
        String traceparent,
        EventFields data) {

    /**
     * Parses one record value.
     *
     * @throws MalformedEvent when it is not JSON, not an object, or lacks an envelope field
     */
    public static IncomingEvent read(JsonMapper json, String value) {
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
        EventFields envelope = new EventFields("envelope", node);
        String type = envelope.text("type");
        JsonNode data = node.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedEvent(type + " has no data object");
        }
        JsonNode traceparent = node.get("traceparent");
        return new IncomingEvent(
                envelope.uuid("id"),
                type,
                envelope.integer("version"),
                envelope.text("source"),
                envelope.instant("time"),
                envelope.text("subject"),
                traceparent != null && traceparent.isString() ? traceparent.asString() : null,
                new EventFields(type + ".data", data));
    }

    /** Whether this event has the given type; consumers skip the types they do not handle. */
    public boolean is(String eventType) {
        return type.equals(eventType);
    }
}
