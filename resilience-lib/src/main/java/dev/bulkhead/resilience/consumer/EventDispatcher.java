package dev.bulkhead.resilience.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The body of a {@code @KafkaListener}: reads each record's envelope, reads {@code data} into the
 * record bound to its type and schema version, claims the event id and runs the handler in one
 * transaction. Built once per listener from {@link EventDispatchers}:
 *
 * <pre>{@code
 * record OrderConfirmed(UUID orderId) {}
 *
 * OrderEventsListener(EventDispatchers dispatchers, ReservingStock reserving) {
 *     this.dispatcher = dispatchers.forConsumer("inventory-service.reservations")
 *             .on("OrderConfirmed", 1, OrderConfirmed.class, event -> reserving.commit(event.data().orderId()))
 *             .ignoring("OrderCreated")
 *             .build();
 * }
 *
 * @KafkaListener(topics = "order-events")
 * void on(ConsumerRecord<String, String> record) {
 *     dispatcher.dispatch(record);
 * }
 * }</pre>
 *
 * <p>What happens to a record:
 *
 * <ul>
 *   <li>unreadable envelope, or a {@code data} that does not fit the bound record (a required field
 *       missing, blank or of the wrong type; a record constructor refusing it): {@link MalformedEvent},
 *       dead-lettered at once. Unknown fields are ignored, so producers may add fields freely.
 *   <li>a bound type in a version without a binding: {@link UnsupportedEventVersion}, dead-lettered at
 *       once.
 *   <li>a type with no binding: skipped without failing; counted in {@value EventDispatchers#UNKNOWN_EVENTS}
 *       and logged, unless declared with {@link Builder#ignoring}.
 *   <li>an event id this consumer has claimed before: skipped (a redelivery), counted in
 *       {@value EventDispatchers#DUPLICATE_EVENTS}.
 *   <li>otherwise the handler runs in the claim's transaction; if it fails, the claim rolls back with
 *       it and the record is retried, then dead-lettered (the service's error handler decides).
 * </ul>
 */
public interface EventDispatcher {

    /** Dispatches the value of one Kafka record. */
    default void dispatch(ConsumerRecord<?, String> record) {
        dispatch(record.value());
    }

    /**
     * Dispatches one serialized envelope.
     *
     * @throws MalformedEvent when no retry can make it applicable
     */
    void dispatch(String value);

    /** Binds event types to records and handlers; see {@link EventDispatchers#forConsumer}. */
    interface Builder {

        /**
         * Handles {@code type} in schema {@code version}: its {@code data} is read into {@code data} (a
         * record; every component is required unless it is {@code Optional} or annotated
         * {@code @Nullable}; required strings must not be blank) and given to {@code handler} once per
         * event id, claimed under the current consumer name.
         */
        <E extends Record> Builder on(String type, int version, Class<E> data, EventHandler<E> handler);

        /** Types of the topic this consumer skips on purpose: not counted or logged as unknown. */
        Builder ignoring(String... types);

        /**
         * Claims the handlers registered after this call under another consumer name: one event applied
         * in two independent ways (each with its own idempotency record) from a single listener.
         */
        Builder and(String consumer);

        /**
         * @throws IllegalStateException when nothing is bound, a type is both bound and ignored, or a
         *     (type, version) is bound twice under one consumer name
         */
        EventDispatcher build();
    }
}
