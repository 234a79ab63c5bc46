package dev.bulkhead.notification.notification;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Tells the customer how their order ended: OrderConfirmed and OrderCancelled (OrderCreated is skipped). */
@Component
class OrderEventsListener {

    record OrderConfirmed(UUID orderId, UUID userId, Money total) {}

    record OrderCancelled(UUID orderId, UUID userId, String reason, Money total) {}

    private final EventDispatcher dispatcher;

    OrderEventsListener(EventDispatchers dispatchers, Notifying notifying) {
        this.dispatcher = dispatchers
                .forConsumer(Notifying.CONSUMER)
                .on("OrderConfirmed", 1, OrderConfirmed.class, event -> {
                    OrderConfirmed order = event.data();
                    notifying.record(
                            event.id(),
                            order.userId(),
                            to -> Messages.orderConfirmed(to, order.orderId(), order.total()));
                })
                .on("OrderCancelled", 1, OrderCancelled.class, event -> {
                    OrderCancelled order = event.data();
                    notifying.record(
                            event.id(),
                            order.userId(),
                            to -> Messages.orderCancelled(to, order.orderId(), order.reason(), order.total()));
                })
                .ignoring("OrderCreated")
                .build();
    }

    @KafkaListener(topics = "order-events")
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
