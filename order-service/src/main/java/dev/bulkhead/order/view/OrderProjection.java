package dev.bulkhead.order.view;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Projects order-service's own events into {@code order_view}. It reads them from Kafka like any other
 * consumer would, not from the write model, so the view can be dropped and rebuilt by replaying the
 * topic.
 *
 * <p>The projection has its own consumer group ({@value #GROUP_SUFFIX} after the service's), because
 * listeners that share a group split a topic's partitions between them; and its own claim name, so
 * whatever else in the service consumes order-events later keeps its own idempotency records.
 */
@Component
class OrderProjection {

    static final String GROUP_SUFFIX = ".view";
    static final String CONSUMER = "order-service.view.orders";
    private static final Logger log = LoggerFactory.getLogger(OrderProjection.class);

    private final OrderViews views;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    OrderProjection(OrderViews views, ProcessedEvents processed, JsonMapper json) {
        this.views = views;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(
            topics = "order-events",
            groupId = "${spring.kafka.consumer.group-id:${spring.application.name}}" + GROUP_SUFFIX)
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        EventFields data = event.data();
        switch (event.type()) {
            case "OrderCreated" -> {
                UUID orderId = data.uuid("orderId");
                UUID userId = data.uuid("userId");
                EventFields total = data.object("total");
                long totalMinor = total.number("amountMinor");
                String currency = total.text("currency");
                List<EventFields> items = data.objects("items");
                String summary = items.stream()
                        .map(item -> item.integer("quantity") + " × " + item.text("productName"))
                        .collect(Collectors.joining(", "));
                int count = items.stream()
                        .mapToInt(item -> item.integer("quantity"))
                        .sum();
                Instant createdAt = data.instant("createdAt");
                if (processed.claim(CONSUMER, event.id())) {
                    views.created(orderId, userId, totalMinor, currency, summary, count, createdAt);
                }
            }
            case "OrderConfirmed" -> {
                UUID orderId = data.uuid("orderId");
                Instant at = data.instant("confirmedAt");
                if (processed.claim(CONSUMER, event.id())) {
                    ended(event, orderId, "CONFIRMED", null, at);
                }
            }
            case "OrderCancelled" -> {
                UUID orderId = data.uuid("orderId");
                String reason = data.text("reason");
                Instant at = data.instant("cancelledAt");
                if (processed.claim(CONSUMER, event.id())) {
                    ended(event, orderId, "CANCELLED", reason, at);
                }
            }
            default -> {
                // a type this view does not show
            }
        }
    }

    private void ended(IncomingEvent event, UUID orderId, String status, String reason, Instant at) {
        if (!views.ended(orderId, status, reason, at) && !views.exists(orderId)) {
            // One topic, keyed by order id: OrderCreated always comes first. Missing means it went to the
            // dead-letter topic; replaying it from there will not be overtaken by this one again.
            log.warn("{} {} for order {} that is not in the view; skipped", event.type(), event.id(), orderId);
        }
    }
}
