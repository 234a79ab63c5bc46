package dev.bulkhead.order.saga;

import dev.bulkhead.order.order.ChangingOrders;
import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import dev.bulkhead.resilience.consumer.ReceivedEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * inventory-events: StockReserved goes on the timeline (payment then decides), StockRejected cancels
 * the order OUT_OF_STOCK. StockReleased is inventory's own compensation and changes nothing here.
 */
@Component
class InventoryReactions {

    static final String CONSUMER = "order-service.saga.inventory";

    record StockReserved(UUID orderId, Instant reservedAt) {}

    record StockRejected(UUID orderId, String reason, List<Shortage> shortages, Instant rejectedAt) {

        record Shortage(UUID productId, int requested, int available) {}

        /** What the timeline says: {@code OUT_OF_STOCK: <product> requested 2, available 1; ...}. */
        String describe() {
            return reason + ": "
                    + shortages.stream()
                            .map(line -> line.productId() + " requested " + line.requested() + ", available "
                                    + line.available())
                            .collect(Collectors.joining("; "));
        }
    }

    private final ChangingOrders orders;
    private final EventDispatcher dispatcher;

    InventoryReactions(EventDispatchers dispatchers, ChangingOrders orders) {
        this.orders = orders;
        this.dispatcher = dispatchers
                .forConsumer(CONSUMER)
                .on("StockReserved", 1, StockReserved.class, this::reserved)
                .on("StockRejected", 1, StockRejected.class, this::rejected)
                .ignoring("StockReleased") // inventory's own compensation
                .build();
    }

    @KafkaListener(topics = "inventory-events")
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }

    private void reserved(ReceivedEvent<StockReserved> event) {
        UUID orderId = event.data().orderId();
        Instant at = event.data().reservedAt();
        UnknownOrders.skipIfUnknown(event, orderId, () -> orders.change(orderId, order -> order.stockReserved(at)));
    }

    private void rejected(ReceivedEvent<StockRejected> event) {
        UUID orderId = event.data().orderId();
        String shortages = event.data().describe();
        Instant at = event.data().rejectedAt();
        UnknownOrders.skipIfUnknown(
                event, orderId, () -> orders.change(orderId, order -> order.stockRejected(shortages, at)));
    }
}
