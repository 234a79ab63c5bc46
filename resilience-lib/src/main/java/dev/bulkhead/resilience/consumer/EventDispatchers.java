package dev.bulkhead.resilience.consumer;

import dev.bulkhead.resilience.consumer.internal.DispatcherBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.springframework.transaction.support.TransactionOperations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where listeners get their {@link EventDispatcher}: auto-configured for every service that consumes
 * events and has a database, with its {@link ProcessedEvents}, transaction manager and JSON mapper.
 */
public final class EventDispatchers {

    /** Records whose type no binding names and that were not declared ignored, by consumer. */
    public static final String UNKNOWN_EVENTS = "bulkhead.consumer.events.unknown";

    /** Redelivered events skipped because their id was claimed already, by consumer. */
    public static final String DUPLICATE_EVENTS = "bulkhead.consumer.events.duplicate";

    private final BiPredicate<String, UUID> claims;
    private final TransactionOperations transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;

    EventDispatchers(
            BiPredicate<String, UUID> claims,
            TransactionOperations transactions,
            JsonMapper json,
            MeterRegistry meters) {
        this.claims = claims;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
    }

    /**
     * Starts a dispatcher whose handlers claim event ids under {@code consumer}.
     *
     * @param consumer names the effect in the processed-events table; keep it stable, or redelivered
     *     events are applied again
     */
    public EventDispatcher.Builder forConsumer(String consumer) {
        return new DispatcherBuilder(consumer, claims, transactions, json, meters);
    }
}
