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
     * Takes or renews the lease on the charge of a payment that still awaits it. Not transactional on
     * purpose: the lease is one committed statement, and no connection is held during the provider call.
     *
     * @param lease the token of the work making the call; it renews its own lease
     * @param staleBefore a lease taken before this has run out, and may be taken over
     * @return what to send, or empty when the payment is settled already or another holder's lease is live
     */
    public Optional<ChargeCall> startCharge(UUID paymentId, UUID lease, Instant staleBefore) {
        return payments.startProviderCall(
                        paymentId, PaymentStatus.CHARGE_REQUESTED, lease, clock.instant(), staleBefore)
                .map(Payment::chargeCall);
    }

    /** The refund's counterpart of {@link #startCharge}. */
    public Optional<RefundCall> startRefund(UUID paymentId, UUID lease, Instant staleBefore) {
        return payments.startProviderCall(
                        paymentId, PaymentStatus.REFUND_REQUESTED, lease, clock.instant(), staleBefore)
                .map(Payment::refundCall);
    }

    /** Lets go of a lease whose holder will not make the call, so that another may take it at once. */
    public void release(PaymentEvent.ProviderWork work) {
        payments.releaseLease(work.paymentId(), work.lease());
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
     * Claims charges and refunds due whose lease was taken before {@code staleBefore}: requested before
     * a crash, or turned away by a full queue. Each comes back under a new lease that only the caller
     * holds; no other instance's sweep gets the same ones. Repeating a call that may have reached the
     * provider is safe: the provider deduplicates by idempotency key.
     */
    @Transactional
    public List<PaymentEvent.ProviderWork> claimOverdue(Instant staleBefore, int limit) {
        return payments.claimDue(clock.instant(), staleBefore, limit).stream()
                .map(due -> due.status() == PaymentStatus.CHARGE_REQUESTED
                        ? (PaymentEvent.ProviderWork) new PaymentEvent.ChargeRequested(due.paymentId(), due.lease())
                        : new PaymentEvent.RefundRequested(due.paymentId(), due.lease()))
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
