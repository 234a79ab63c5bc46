package dev.bulkhead.resilience.consumer;

/**
 * Applies one kind of event. Runs inside the transaction that claimed the event's id, so whatever it
 * writes commits together with the claim, or neither does.
 *
 * @param <E> the record the event's {@code data} was read into
 */
@FunctionalInterface
public interface EventHandler<E> {

    /**
     * @throws MalformedEvent when the event, though readable, can never be applied (sent to the
     *     dead-letter topic at once); any other exception is retried, then dead-lettered
     */
    void handle(ReceivedEvent<E> event);
}
