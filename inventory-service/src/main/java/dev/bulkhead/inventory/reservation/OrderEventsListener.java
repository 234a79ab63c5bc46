package dev.bulkhead.inventory.reservation;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.MalformedEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inventory's side of the saga, driven by {@code order-events}: OrderCreated reserves, OrderConfirmed
 * commits, OrderCancelled releases. Each event is read completely before anything is claimed (what
 * cannot be read goes to {@code order-events.DLT} at once), then its id is claimed in the same
 * transaction as its effect, so a redelivery changes nothing.
 */
@Component
class OrderEventsListener {

    static final String TOPIC = "order-events";
    static final String CONSUMER = "inventory-service.reservations";
    private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

    private final ReservingStock reserving;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    OrderEventsListener(ReservingStock reserving, ProcessedEvents processed, JsonMapper json) {
        this.reserving = reserving;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(topics = TOPIC)
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        switch (event.type()) {
            case "OrderCreated" -> {
                UUID orderId = orderId(event);
                List<Line> lines = lines(event.data());
                if (claimed(event)) reserving.reserve(orderId, lines);
            }
            case "OrderConfirmed" -> {
                UUID orderId = orderId(event);
                if (claimed(event)) reserving.commit(orderId);
            }
            case "OrderCancelled" -> {
                UUID orderId = orderId(event);
                if (claimed(event)) reserving.release(orderId);
            }
            default -> {
                // A type this consumer does not act on: other consumers of the topic may.
            }
        }
    }

    private boolean claimed(IncomingEvent event) {
        if (processed.claim(CONSUMER, event.id())) {
            return true;
        }
        log.debug("{} {} was applied already", event.type(), event.id());
        return false;
    }

    /** Only version 1 is understood; a newer body may mean something else, so it is not guessed at. */
    private static UUID orderId(IncomingEvent event) {
        if (event.version() != 1) {
            throw new MalformedEvent(event.type() + " version " + event.version() + " is not understood");
        }
        return event.data().uuid("orderId");
    }

    private static List<Line> lines(EventFields data) {
        List<EventFields> items = data.objects("items");
        if (items.isEmpty()) {
            throw new MalformedEvent("OrderCreated.data.items is empty");
        }
        return items.stream()
                .map(item -> {
                    int quantity = item.integer("quantity");
                    if (quantity < 1) {
                        throw new MalformedEvent("OrderCreated.data.items[].quantity is below 1");
                    }
                    return new Line(item.uuid("productId"), quantity);
                })
                .toList();
    }
}
