package dev.bulkhead.order.saga;

import dev.bulkhead.order.order.ChangingOrders;
import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * inventory-events: StockReserved goes on the timeline (payment then decides), StockRejected cancels
 * the order OUT_OF_STOCK. StockReleased is inventory's own compensation and changes nothing here.
 */
@Component
class InventoryReactions {

    static final String CONSUMER = "order-service.saga.inventory";

    private final ChangingOrders orders;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    InventoryReactions(ChangingOrders orders, ProcessedEvents processed, JsonMapper json) {
        this.orders = orders;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(topics = "inventory-events")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        EventFields data = event.data();
        switch (event.type()) {
            case "StockReserved" -> {
                UUID orderId = data.uuid("orderId");
                Instant at = data.instant("reservedAt");
                if (processed.claim(CONSUMER, event.id())) {
                    UnknownOrders.skipIfUnknown(
                            event, orderId, () -> orders.change(orderId, order -> order.stockReserved(at)));
                }
            }
            case "StockRejected" -> {
                UUID orderId = data.uuid("orderId");
                Instant at = data.instant("rejectedAt");
                String shortages = data.text("reason") + ": "
                        + data.objects("shortages").stream()
                                .map(line -> line.uuid("productId") + " requested " + line.integer("requested")
                                        + ", available " + line.integer("available"))
                                .collect(Collectors.joining("; "));
                if (processed.claim(CONSUMER, event.id())) {
                    UnknownOrders.skipIfUnknown(
                            event, orderId, () -> orders.change(orderId, order -> order.stockRejected(shortages, at)));
                }
            }
            default -> {
                // StockReleased and whatever inventory adds later: not the order's business.
            }
        }
    }
}
