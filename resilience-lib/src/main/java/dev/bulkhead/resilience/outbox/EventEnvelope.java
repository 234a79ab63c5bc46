package dev.bulkhead.resilience.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every Bulkhead event travels in ({@code contracts/schemas/envelope.schema.json}, docs/events.md).
 * Library infrastructure, not a shared event class: {@code data} is whatever the producing service
 * serializes, and consumers read the JSON tolerantly.
 *
 * @param id unique per event; consumers deduplicate on it
 * @param type the event type, e.g. {@code UserRegistered}
 * @param version the schema version of {@code data}
 * @param source the producing application
 * @param time when the event happened
 * @param subject the aggregate id; also the Kafka key, which keeps one aggregate's events in order
 * @param traceparent W3C trace context of the transaction that wrote it, or {@code null} if untraced
 * @param data the body, described by {@code contracts/schemas/<topic>/<type>.v<version>.schema.json}
 */
public record EventEnvelope(
        UUID id,
        String type,
        int version,
        String source,
        Instant time,
        String subject,
        String traceparent,
        Object data) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(data, "data");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }
}
