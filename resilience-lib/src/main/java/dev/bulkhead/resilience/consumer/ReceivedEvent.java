package dev.bulkhead.resilience.consumer;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as a handler gets it: the envelope fields, checked, and {@code data} read into the record
 * its binding names.
 *
 * @param id the event id, the consumers' idempotency key (already claimed when a handler sees it)
 * @param type the event type
 * @param version the schema version of {@code data}
 * @param source the producing application
 * @param time when it happened
 * @param subject the aggregate id
 * @param data the body
 * @param <E> the record type of the body
 */
public record ReceivedEvent<E>(
        UUID id, String type, int version, String source, Instant time, String subject, E data) {}
