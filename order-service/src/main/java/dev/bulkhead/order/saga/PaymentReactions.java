package dev.bulkhead.order.saga;

import dev.bulkhead.order.order.CancellationReason;
import dev.bulkhead.order.order.ChangingOrders;
import dev.bulkhead.resilience.consumer.EventFields;
import dev.bulkhead.resilience.consumer.IncomingEvent;
import dev.bulkhead.resilience.consumer.ProcessedEvents;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * payment-events: PaymentSucceeded confirms the order (or, after a timeout, is recorded as a late
 * payment that payment-service refunds); PaymentFailed cancels it, PAYMENT_DECLINED when the card was
 * declined, PAYMENT_FAILED when the provider failed. PaymentRefunded is payment's compensation.
 */
@Component
class PaymentReactions {

    static final String CONSUMER = "order-service.saga.payment";
    static final String DECLINED = "DECLINED";

    private final ChangingOrders orders;
    private final ProcessedEvents processed;
    private final JsonMapper json;

    PaymentReactions(ChangingOrders orders, ProcessedEvents processed, JsonMapper json) {
        this.orders = orders;
        this.processed = processed;
        this.json = json;
    }

    @KafkaListener(topics = "payment-events")
    @Transactional
    void on(ConsumerRecord<String, String> record) {
        IncomingEvent event = IncomingEvent.read(json, record.value());
        EventFields data = event.data();
        switch (event.type()) {
            case "PaymentSucceeded" -> {
                UUID orderId = data.uuid("orderId");
                UUID paymentId = data.uuid("paymentId");
                Instant at = data.instant("chargedAt");
                if (processed.claim(CONSUMER, event.id())) {
                    UnknownOrders.skipIfUnknown(
                            event, orderId, () -> orders.change(orderId, order -> order.confirm(paymentId, at)));
                }
            }
            case "PaymentFailed" -> {
                UUID orderId = data.uuid("orderId");
                String reason = data.text("reason");
                Instant at = data.instant("failedAt");
                CancellationReason cancellation = DECLINED.equals(reason)
                        ? CancellationReason.PAYMENT_DECLINED
                        : CancellationReason.PAYMENT_FAILED;
                if (processed.claim(CONSUMER, event.id())) {
                    UnknownOrders.skipIfUnknown(
                            event,
                            orderId,
                            () -> orders.change(orderId, order -> order.paymentFailed(cancellation, reason, at)));
                }
            }
            default -> {
                // PaymentRefunded and whatever payment adds later: not the order's business.
            }
        }
    }
}
