package dev.bulkhead.notification.notification;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Tells the customer how their order ended: OrderConfirmed and OrderCancelled (OrderCreated is skipped). */
@Component
class OrderEventsListener {

    private final Notifying notifying;
    private final JsonMapper json;

    OrderEventsListener(Notifying notifying, JsonMapper json) {
        this.notifying = notifying;
        this.json = json;
    }

    @KafkaListener(topics = "order-events")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        if (event.is("OrderConfirmed")) {
            EventFields data = event.data();
            UUID orderId = data.uuid("orderId");
            UUID userId = data.uuid("userId");
            Money total = Money.of(data.object("total"));
            notifying.record(event.id(), userId, to -> Messages.orderConfirmed(to, orderId, total));
        } else if (event.is("OrderCancelled")) {
            EventFields data = event.data();
            UUID orderId = data.uuid("orderId");
            UUID userId = data.uuid("userId");
            String reason = data.text("reason");
            Money total = Money.of(data.object("total"));
            notifying.record(event.id(), userId, to -> Messages.orderCancelled(to, orderId, reason, total));
        }
    }
}
