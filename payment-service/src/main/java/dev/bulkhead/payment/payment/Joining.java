package dev.bulkhead.payment.payment;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the saga's events to the order's payment: each under the payment's row lock, in the
 * caller's transaction (the Kafka listener's, which also claims the event id). A charge this causes
 * is only requested here; the provider is called after the commit, elsewhere.
 */
@Service
public class Joining {

    private final Payments payments;
    private final PaymentEvents events;
    private final Clock clock;

    Joining(Payments payments, PaymentEvents events, Clock clock) {
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void orderCreated(OrderCreated order) {
        var now = clock.instant();
        Payment payment = payments.lockOrCreate(order.orderId(), now);
        payment.orderCreated(order.userId(), order.total(), order.paymentToken(), now);
        saveAndPublish(payment);
    }

    @Transactional
    public void stockReserved(UUID orderId) {
        var now = clock.instant();
        Payment payment = payments.lockOrCreate(orderId, now);
        payment.stockReserved(now);
        saveAndPublish(payment);
    }

    @Transactional
    public void orderCancelled(OrderCancelled cancelled) {
        var now = clock.instant();
        Payment payment = payments.lockOrCreate(cancelled.orderId(), now);
        payment.orderCancelled(cancelled.userId(), cancelled.total(), cancelled.reason(), now);
        saveAndPublish(payment);
    }

    private void saveAndPublish(Payment payment) {
        payments.save(payment);
        events.publish(payment);
    }
}
