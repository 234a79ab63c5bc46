package dev.bulkhead.payment.charging;

import dev.bulkhead.payment.payment.ChargeCall;
import dev.bulkhead.payment.payment.FailureReason;
import dev.bulkhead.payment.payment.PaymentEvent;
import dev.bulkhead.payment.payment.RefundCall;
import dev.bulkhead.payment.payment.Settlement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One charge or refund, start to end, on a thread of {@link Charging}'s pool: take the lease, call the
 * provider (no transaction open), record the answer with its event, and repeat the same call with
 * backoff while the provider is unavailable. The idempotency key (the order id) makes every repeat
 * harmless: a provider that did charge the first time answers the repeat with that charge.
 */
@Component
class ProviderCalls {

    private static final Logger log = LoggerFactory.getLogger(ProviderCalls.class);

    private final Settlement settlement;
    private final PaymentProvider provider;
    private final ChargingSettings settings;
    private final Clock clock;

    ProviderCalls(Settlement settlement, PaymentProvider provider, ChargingSettings settings, Clock clock) {
        this.settlement = settlement;
        this.provider = provider;
        this.settings = settings;
        this.clock = clock;
    }

    /** Every try first renews the work's lease, so a slow series of retries is not mistaken for a dead one. */
    void charge(PaymentEvent.ChargeRequested work) throws InterruptedException {
        UUID paymentId = work.paymentId();
        for (int attempt = 1; ; attempt++) {
            Optional<ChargeCall> call = settlement.startCharge(paymentId, work.lease(), staleBefore());
            if (call.isEmpty()) {
                // Settled meanwhile, or another holder's lease is live (this work waited in the queue
                // past its lease and a sweep claimed the call): either way the call is not ours to make.
                return;
            }
            ProviderAnswer answer = provider.charge(call.get());
            switch (answer) {
                case ProviderAnswer.Done done -> {
                    settlement.charged(paymentId, done.reference());
                    return;
                }
                case ProviderAnswer.Declined declined -> {
                    log.info("Charge of payment {} declined ({})", paymentId, declined.code());
                    settlement.chargeFailed(paymentId, FailureReason.DECLINED);
                    return;
                }
                case ProviderAnswer.Refused refused -> {
                    log.error(
                            "Provider refused the charge of payment {}: {} {}",
                            paymentId,
                            refused.status(),
                            refused.detail());
                    settlement.chargeFailed(paymentId, FailureReason.PROVIDER_ERROR);
                    return;
                }
                case ProviderAnswer.Unavailable unavailable -> {
                    if (attempt >= settings.maxAttempts()) {
                        // A timeout, a reset or a 5xx does not say the card was not charged: calling it
                        // FAILED would cancel an order whose money the provider may hold. The charge stays
                        // due; the sweep asks again (same Idempotency-Key, so the provider answers with the
                        // first result) until it learns the outcome, refunding it if the order gave up meanwhile.
                        log.warn(
                                "Charge of payment {} unanswered {} times, last: {}; its outcome is unknown, the"
                                        + " sweep asks again",
                                paymentId,
                                attempt,
                                unavailable.detail());
                        return;
                    }
                    pause(attempt, "charge", paymentId, unavailable);
                }
            }
        }
    }

    /**
     * A refund is owed money: when the retries run out it stays due, and the sweep tries again later,
     * rather than being given up (no event says "not refunded").
     */
    void refund(PaymentEvent.RefundRequested work) throws InterruptedException {
        UUID paymentId = work.paymentId();
        for (int attempt = 1; ; attempt++) {
            Optional<RefundCall> call = settlement.startRefund(paymentId, work.lease(), staleBefore());
            if (call.isEmpty()) {
                return;
            }
            ProviderAnswer answer = provider.refund(call.get());
            if (answer instanceof ProviderAnswer.Done done) {
                settlement.refunded(paymentId, done.reference());
                return;
            }
            if (attempt >= settings.maxAttempts()) {
                log.error(
                        "Refund of payment {} failed {} times, last: {}; the sweep retries it",
                        paymentId,
                        attempt,
                        answer);
                return;
            }
            pause(attempt, "refund", paymentId, answer);
        }
    }

    private Instant staleBefore() {
        return clock.instant().minus(settings.staleAfter());
    }

    private void pause(int attempt, String what, UUID paymentId, ProviderAnswer answer) throws InterruptedException {
        Duration wait = settings.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        log.info("Retrying the {} of payment {} in {} ms after {}", what, paymentId, wait.toMillis(), answer);
        Thread.sleep(wait);
    }
}
