package dev.bulkhead.order.view;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import dev.bulkhead.resilience.consumer.ReceivedEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

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

    record Money(long amountMinor, String currency) {}

    record OrderCreated(UUID orderId, UUID userId, Money total, List<Item> items, Instant createdAt) {

        record Item(String productName, int quantity) {}

        /** {@code 2 × Keyboard, 1 × Mouse}. */
        String summary() {
            return items.stream()
                    .map(item -> item.quantity() + " × " + item.productName())
                    .collect(Collectors.joining(", "));
        }

        int count() {
            return items.stream().mapToInt(Item::quantity).sum();
        }
    }

    record OrderConfirmed(UUID orderId, Instant confirmedAt) {}

    record OrderCancelled(UUID orderId, String reason, Instant cancelledAt) {}

    private final OrderViews views;
    private final EventDispatcher dispatcher;

    OrderProjection(EventDispatchers dispatchers, OrderViews views) {
        this.views = views;
        this.dispatcher = dispatchers
                .forConsumer(CONSUMER)
                .on("OrderCreated", 1, OrderCreated.class, event -> {
                    OrderCreated order = event.data();
                    views.created(
                            order.orderId(),
                            order.userId(),
                            order.total().amountMinor(),
                            order.total().currency(),
                            order.summary(),
                            order.count(),
                            order.createdAt());
                })
                .on(
                        "OrderConfirmed",
                        1,
                        OrderConfirmed.class,
                        event -> ended(
                                event,
                                event.data().orderId(),
                                "CONFIRMED",
                                null,
                                event.data().confirmedAt()))
                .on(
                        "OrderCancelled",
                        1,
                        OrderCancelled.class,
                        event -> ended(
                                event,
                                event.data().orderId(),
                                "CANCELLED",
                                event.data().reason(),
                                event.data().cancelledAt()))
                .build();
    }

    @KafkaListener(
            topics = "order-events",
            groupId = "${spring.kafka.consumer.group-id:${spring.application.name}}" + GROUP_SUFFIX)
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }

    private void ended(ReceivedEvent<?> event, UUID orderId, String status, String reason, Instant at) {
        if (!views.ended(orderId, status, reason, at) && !views.exists(orderId)) {
            // One topic, keyed by order id: OrderCreated always comes first. Missing means it went to the
            // dead-letter topic; replaying it from there will not be overtaken by this one again.
            log.warn("{} {} for order {} that is not in the view; skipped", event.type(), event.id(), orderId);
        }
    }
}
