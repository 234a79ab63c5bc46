package dev.bulkhead.notification.notification;

import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Tells the customer their money came back: PaymentRefunded (the other payment events are the order's business). */
@Component
class PaymentEventsListener {

    private final Notifying notifying;
    private final JsonMapper json;

    PaymentEventsListener(Notifying notifying, JsonMapper json) {
        this.notifying = notifying;
        this.json = json;
    }

    @KafkaListener(topics = "payment-events")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        if (event.is("PaymentRefunded")) {
            EventFields data = event.data();
            UUID orderId = data.uuid("orderId");
            UUID userId = data.uuid("userId");
            Money amount = Money.of(data.object("amount"));
            String reference = data.text("providerReference");
            notifying.record(event.id(), userId, to -> Messages.paymentRefunded(to, orderId, amount, reference));
        }
    }
}
