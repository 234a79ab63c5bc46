package dev.bulkhead.inventory.reservation;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Inventory's side of the saga, driven by {@code order-events}: OrderCreated reserves, OrderConfirmed
 * commits, OrderCancelled releases. Each event is read completely before anything is claimed (what
 * cannot be read, or comes in a version other than 1, goes to {@code order-events.DLT} at once), then
 * its id is claimed in the same transaction as its effect, so a redelivery changes nothing.
 */
@Component
class OrderEventsListener {

    static final String TOPIC = "order-events";
    static final String CONSUMER = "inventory-service.reservations";

    /** What a reservation needs of OrderCreated: the lines, each with at least one unit. */
    record OrderCreated(UUID orderId, List<Line> items) {
        OrderCreated {
            if (items.isEmpty()) {
                throw new IllegalArgumentException("OrderCreated.data.items is empty");
            }
        }
    }

    record OrderConfirmed(UUID orderId) {}

    record OrderCancelled(UUID orderId) {}

    private final EventDispatcher dispatcher;

    OrderEventsListener(EventDispatchers dispatchers, ReservingStock reserving) {
        this.dispatcher = dispatchers
                .forConsumer(CONSUMER)
                .on(
                        "OrderCreated",
                        1,
                        OrderCreated.class,
                        event -> reserving.reserve(
                                event.data().orderId(), event.data().items()))
                .on(
                        "OrderConfirmed",
                        1,
                        OrderConfirmed.class,
                        event -> reserving.commit(event.data().orderId()))
                .on(
                        "OrderCancelled",
                        1,
                        OrderCancelled.class,
                        event -> reserving.release(event.data().orderId()))
                .build();
    }

    @KafkaListener(topics = TOPIC)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
