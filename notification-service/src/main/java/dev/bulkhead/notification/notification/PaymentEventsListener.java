package dev.bulkhead.notification.notification;

import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Tells the customer their money came back: PaymentRefunded (the other payment events are the order's business). */
@Component
class PaymentEventsListener {

    record PaymentRefunded(UUID orderId, UUID userId, Money amount, String providerReference) {}

    private final EventDispatcher dispatcher;

    PaymentEventsListener(EventDispatchers dispatchers, Notifying notifying) {
        this.dispatcher = dispatchers
                .forConsumer(Notifying.CONSUMER)
                .on("PaymentRefunded", 1, PaymentRefunded.class, event -> {
                    PaymentRefunded refund = event.data();
                    notifying.record(
                            event.id(),
                            refund.userId(),
                            to -> Messages.paymentRefunded(
                                    to, refund.orderId(), refund.amount(), refund.providerReference()));
                })
                .ignoring("PaymentSucceeded", "PaymentFailed")
                .build();
    }

    @KafkaListener(topics = "payment-events")
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }
}
