package dev.bulkhead.payment.saga;

import dev.bulkhead.payment.payment.Joining;
import dev.bulkhead.payment.payment.OrderCancelled;
import dev.bulkhead.payment.payment.OrderCreated;
import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds the payment join from two topics: OrderCreated and OrderCancelled from order-events,
 * StockReserved from inventory-events. Each event's id is claimed in the transaction that applies it,
 * so a redelivery changes nothing. Nothing here waits for the provider: a charge is only requested,
 * and made on another thread once this transaction has committed, so a slow provider never holds up
 * the partition (other orders' events keep flowing) nor a database connection.
 *
 * <p>OrderCreated and OrderCancelled are read straight into the join's own records (their fields are
 * the contract's); a money object the {@code Money} record refuses goes to the dead-letter topic.
 */
@Component
class SagaListener {

    static final String CONSUMER = "payment-service.payments";

    record StockReserved(UUID orderId) {}

    private final EventDispatcher orderEvents;
    private final EventDispatcher inventoryEvents;

    SagaListener(EventDispatchers dispatchers, Joining joining) {
        this.orderEvents = dispatchers
                .forConsumer(CONSUMER)
                .on("OrderCreated", 1, OrderCreated.class, event -> joining.orderCreated(event.data()))
                .on("OrderCancelled", 1, OrderCancelled.class, event -> joining.orderCancelled(event.data()))
                .ignoring("OrderConfirmed") // the order's own business
                .build();
        this.inventoryEvents = dispatchers
                .forConsumer(CONSUMER)
                .on(
                        "StockReserved",
                        1,
                        StockReserved.class,
                        event -> joining.stockReserved(event.data().orderId()))
                // the order's cancellation is what payment acts on
                .ignoring("StockRejected", "StockReleased")
                .build();
    }

    @KafkaListener(topics = "order-events")
    void onOrderEvent(ConsumerRecord<String, String> record) {
        orderEvents.dispatch(record);
    }

    @KafkaListener(topics = "inventory-events")
    void onInventoryEvent(ConsumerRecord<String, String> record) {
        inventoryEvents.dispatch(record);
    }
}
