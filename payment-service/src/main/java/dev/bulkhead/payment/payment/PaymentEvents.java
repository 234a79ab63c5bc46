package dev.bulkhead.payment.payment;

import dev.bulkhead.resilience.outbox.Outbox;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Sends on what a payment's change caused, inside the transaction of the change: the facts others
 * care about into the outbox (payment-events, keyed by payment id, per contracts/schemas/payment-events),
 * the provider calls it asks for to whoever makes them — who acts only after the commit.
 */
@Component
class PaymentEvents {

    static final String TOPIC = "payment-events";

    private final Outbox outbox;
    private final ApplicationEventPublisher publisher;

    PaymentEvents(Outbox outbox, ApplicationEventPublisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    void publish(Payment payment) {
        for (PaymentEvent event : payment.drainEvents()) {
            String subject = payment.id().toString();
            switch (event) {
                case PaymentEvent.Succeeded succeeded ->
                    outbox.append(TOPIC, "PaymentSucceeded", 1, subject, Succeeded.of(payment));
                case PaymentEvent.Failed failed ->
                    outbox.append(TOPIC, "PaymentFailed", 1, subject, Failed.of(payment, failed));
                case PaymentEvent.Refunded refunded ->
                    outbox.append(TOPIC, "PaymentRefunded", 1, subject, Refunded.of(payment));
                case PaymentEvent.ChargeRequested requested -> publisher.publishEvent(requested);
                case PaymentEvent.RefundRequested requested -> publisher.publishEvent(requested);
            }
        }
    }

    /** Money as events carry it (contracts/schemas/money.schema.json). */
    record Amount(long amountMinor, String currency) {
        static Amount of(Money money) {
            return new Amount(money.amountMinor(), money.currency());
        }
    }

    /** PaymentSucceeded v1. */
    record Succeeded(
            UUID paymentId, UUID orderId, UUID userId, Amount amount, String providerReference, Instant chargedAt) {
        static Succeeded of(Payment payment) {
            return new Succeeded(
                    payment.id(),
                    payment.orderId(),
                    payment.userId(),
                    Amount.of(payment.amount()),
                    payment.chargeReference(),
                    payment.chargedAt());
        }
    }

    /** PaymentFailed v1. */
    record Failed(UUID paymentId, UUID orderId, UUID userId, Amount amount, String reason, Instant failedAt) {
        static Failed of(Payment payment, PaymentEvent.Failed failed) {
            return new Failed(
                    payment.id(),
                    payment.orderId(),
                    payment.userId(),
                    Amount.of(payment.amount()),
                    failed.reason().name(),
                    payment.failedAt());
        }
    }

    /** PaymentRefunded v1. */
    record Refunded(
            UUID paymentId, UUID orderId, UUID userId, Amount amount, String providerReference, Instant refundedAt) {
        static Refunded of(Payment payment) {
            return new Refunded(
                    payment.id(),
                    payment.orderId(),
                    payment.userId(),
                    Amount.of(payment.amount()),
                    payment.refundReference(),
                    payment.refundedAt());
        }
    }
}
