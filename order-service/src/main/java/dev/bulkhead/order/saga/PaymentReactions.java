package dev.bulkhead.order.saga;

import dev.bulkhead.order.order.CancellationReason;
import dev.bulkhead.order.order.ChangingOrders;
import dev.bulkhead.resilience.consumer.EventDispatcher;
import dev.bulkhead.resilience.consumer.EventDispatchers;
import dev.bulkhead.resilience.consumer.ReceivedEvent;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * payment-events: PaymentSucceeded confirms the order (or, after a timeout, is recorded as a late
 * payment that payment-service refunds); PaymentFailed cancels it, PAYMENT_DECLINED when the card was
 * declined, PAYMENT_FAILED when the provider failed. PaymentRefunded is payment's compensation.
 */
@Component
class PaymentReactions {

    static final String CONSUMER = "order-service.saga.payment";
    static final String DECLINED = "DECLINED";

    record PaymentSucceeded(UUID orderId, UUID paymentId, Instant chargedAt) {}

    record PaymentFailed(UUID orderId, String reason, Instant failedAt) {}

    private final ChangingOrders orders;
    private final EventDispatcher dispatcher;

    PaymentReactions(EventDispatchers dispatchers, ChangingOrders orders) {
        this.orders = orders;
        this.dispatcher = dispatchers
                .forConsumer(CONSUMER)
                .on("PaymentSucceeded", 1, PaymentSucceeded.class, this::succeeded)
                .on("PaymentFailed", 1, PaymentFailed.class, this::failed)
                .ignoring("PaymentRefunded") // payment's own compensation
                .build();
    }

    @KafkaListener(topics = "payment-events")
    void on(ConsumerRecord<String, String> record) {
        dispatcher.dispatch(record);
    }

    private void succeeded(ReceivedEvent<PaymentSucceeded> event) {
        PaymentSucceeded payment = event.data();
        UnknownOrders.skipIfUnknown(
                event,
                payment.orderId(),
                () -> orders.change(
                        payment.orderId(), order -> order.confirm(payment.paymentId(), payment.chargedAt())));
    }

    private void failed(ReceivedEvent<PaymentFailed> event) {
        PaymentFailed payment = event.data();
        CancellationReason cancellation = DECLINED.equals(payment.reason())
                ? CancellationReason.PAYMENT_DECLINED
                : CancellationReason.PAYMENT_FAILED;
        UnknownOrders.skipIfUnknown(
                event,
                payment.orderId(),
                () -> orders.change(
                        payment.orderId(),
                        order -> order.paymentFailed(cancellation, payment.reason(), payment.failedAt())));
    }
}
