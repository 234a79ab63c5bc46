package dev.bulkhead.payment.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The provider side of a payment, for whoever makes the calls: take the lease on a due call, then
 * record the answer with its event in a transaction of its own. An answer the payment no longer
 * waits for (another instance recorded it first, the sweep repeated a call) changes nothing.
 */
@Service
public class Settlement {

    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final Payments payments;
    private final PaymentEvents events;
    private final Clock clock;

    Settlement(Payments payments, PaymentEvents events, Clock clock) {
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Takes the lease on the charge of a payment that still awaits it. Not transactional on purpose:
     * the lease is one committed statement, and no connection is held during the provider call.
     *
     * @return what to send, or empty when the payment is settled already
     */
    public Optional<ChargeCall> startCharge(UUID paymentId) {
        return payments.startProviderCall(paymentId, PaymentStatus.CHARGE_REQUESTED, clock.instant())
                .map(Payment::chargeCall);
    }

    /** The refund's counterpart of {@link #startCharge}. */
    public Optional<RefundCall> startRefund(UUID paymentId) {
        return payments.startProviderCall(paymentId, PaymentStatus.REFUND_REQUESTED, clock.instant())
                .map(Payment::refundCall);
    }

    @Transactional
    public void charged(UUID paymentId, String reference) {
        apply(paymentId, "charge " + reference, payment -> payment.charged(reference, clock.instant()));
    }

    @Transactional
    public void chargeFailed(UUID paymentId, FailureReason reason) {
        apply(paymentId, "failure " + reason, payment -> payment.chargeFailed(reason, clock.instant()));
    }

    @Transactional
    public void refunded(UUID paymentId, String reference) {
        apply(paymentId, "refund " + reference, payment -> payment.refunded(reference, clock.instant()));
    }

    /**
     * Charges and refunds due whose lease is older than {@code cutoff}: requested before a crash, or
     * turned away by a full queue. Repeating them is safe: the provider deduplicates by idempotency key.
     */
    @Transactional(readOnly = true)
    public List<PaymentEvent> overdue(Instant cutoff, int limit) {
        return payments.due(cutoff, limit).stream()
                .map(due -> due.status() == PaymentStatus.CHARGE_REQUESTED
                        ? (PaymentEvent) new PaymentEvent.ChargeRequested(due.paymentId())
                        : new PaymentEvent.RefundRequested(due.paymentId()))
                .toList();
    }

    private interface Answer {
        boolean applyTo(Payment payment);
    }

    private void apply(UUID paymentId, String what, Answer answer) {
        Payment payment = payments.lock(paymentId).orElseThrow(() -> new PaymentNotFound(paymentId));
        if (!answer.applyTo(payment)) {
            log.info("Ignoring the provider's {} for payment {}: it is {} already", what, paymentId, payment.status());
            return;
        }
        payments.save(payment);
        events.publish(payment);
    }
}
