package dev.bulkhead.resilience.outbox;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a service puts the events its state change causes. {@link #append} writes a row in the
 * caller's transaction, so the event exists exactly when the state change commits; the relay sends
 * it to Kafka afterwards, at least once and in the order of appending per key.
 *
 * <pre>{@code
 * @Transactional
 * Account register(Register command) {
 *     var account = accounts.save(Account.register(...));        // state change first: it takes the row lock
 *     outbox.append("user-events", "UserRegistered", 1, account.id().toString(), UserRegistered.of(account));
 *     return account;
 * }
 * }</pre>
 *
 * <p>Append after the state change it describes: for one aggregate, the row lock that the change takes
 * then orders the outbox rows (and so the Kafka records) the same way the changes committed.
 */
public final class Outbox {

    static final String INSERT =
            "INSERT INTO bulkhead_outbox (topic, message_key, payload, traceparent) VALUES (?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final String source;
    private final ObjectProvider<Tracer> tracer;
    private final Runnable committed;

    Outbox(
            JdbcTemplate jdbc,
            JsonMapper json,
            Clock clock,
            String source,
            ObjectProvider<Tracer> tracer,
            Runnable committed) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.source = source;
        this.tracer = tracer;
        this.committed = committed;
    }

    /**
     * Wraps {@code data} in a new envelope (fresh id, this application as source, the current time and
     * trace) and appends it keyed by {@code subject}.
     *
     * @return the envelope as it will be published
     * @throws IllegalTransactionStateException when no transaction is active
     */
    public EventEnvelope append(String topic, String type, int version, String subject, Object data) {
        EventEnvelope envelope = new EventEnvelope(
                UUID.randomUUID(), type, version, source, clock.instant(), subject, currentTraceparent(), data);
        append(topic, subject, envelope);
        return envelope;
    }

    /**
     * Appends a ready-made envelope; it is published to {@code topic} with {@code key}.
     *
     * @param key the Kafka record key: the envelope's subject, the aggregate's id, so that one
     *     aggregate's events share a partition and stay in order
     * @throws IllegalArgumentException when {@code key} is not the envelope's subject
     * @throws IllegalTransactionStateException when no transaction is active: an outbox row written
     *     outside the state change's transaction would defeat the point
     */
    public void append(String topic, String key, EventEnvelope envelope) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        if (!key.equals(envelope.subject())) {
            throw new IllegalArgumentException("An event is keyed by its subject (the aggregate id): key " + key
                    + " is not subject " + envelope.subject() + " of " + envelope.type());
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "Outbox.append needs the transaction of the state change it describes (@Transactional)");
        }
        jdbc.update(INSERT, topic, key, json.writeValueAsString(envelope), envelope.traceparent());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    committed.run(); // wake the relay: no need to wait for its next poll
                }
            });
        }
    }

    String currentTraceparent() {
        Tracer current = tracer.getIfAvailable();
        if (current == null) {
            return null;
        }
        TraceContext context = current.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        boolean sampled = Boolean.TRUE.equals(context.sampled());
        return "00-" + context.traceId() + "-" + context.spanId() + (sampled ? "-01" : "-00");
    }
}
