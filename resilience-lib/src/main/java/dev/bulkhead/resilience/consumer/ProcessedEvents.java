package dev.bulkhead.resilience.consumer;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes a consumer idempotent: Kafka delivers at least once, so every consumer records the ids of
 * the events it has applied, in the same local transaction as the effect.
 *
 * <pre>{@code
 * @KafkaListener(topics = "user-events")
 * @Transactional
 * void on(String message) {
 *     var event = ...;                                     // parse tolerantly
 *     if (!processed.claim("profiles", event.id())) return; // a redelivery: the effect is there already
 *     profiles.save(Profile.registered(...));              // commits with the claim, or neither does
 * }
 * }</pre>
 *
 * <p>If the effect fails, the transaction rolls back the claim too, so the retry is not mistaken for
 * a duplicate.
 */
public final class ProcessedEvents {

    static final String CLAIM =
            "INSERT INTO bulkhead_processed_event (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING";

    private final JdbcTemplate jdbc;

    ProcessedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code eventId} for {@code consumer}.
     *
     * @param consumer names the effect (one service may apply one event in several ways)
     * @return {@code true} the first time, {@code false} for a redelivered event
     * @throws IllegalTransactionStateException when no transaction is active: a claim committed apart
     *     from its effect would lose the effect on a crash
     */
    public boolean claim(String consumer, UUID eventId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "ProcessedEvents.claim must run in the transaction that applies the event's effect");
        }
        return jdbc.update(CLAIM, consumer, eventId) == 1;
    }
}
