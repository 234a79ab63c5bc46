package dev.bulkhead.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PaymentTest {

    private static final Instant T0 = Instant.parse("2026-11-23T09:15:30Z");
    private static final Money TOTAL = new Money(17800, "EUR");

    private final UUID orderId = UUID.randomUUID();
    private final UUID userId = UUID.randomUUID();
    private final Payment payment = Payment.forOrder(UUID.randomUUID(), orderId, T0);
    private final List<PaymentEvent> events = new ArrayList<>();

    /** The three saga facts that reach payment, in any order. */
    enum Fact {
        CREATED,
        RESERVED,
        CANCELLED
    }

    /** Every non-empty arrival order of the three facts: 3 singles, 6 pairs, 6 triples. */
    static Stream<List<Fact>> everyArrivalOrder() {
        List<List<Fact>> orders = new ArrayList<>();
        for (Fact first : Fact.values()) {
            orders.add(List.of(first));
            for (Fact second : Fact.values()) {
                if (second == first) continue;
                orders.add(List.of(first, second));
                for (Fact third : Fact.values()) {
                    if (third != first && third != second) orders.add(List.of(first, second, third));
                }
            }
        }
        return orders.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyArrivalOrder")
    void requestsTheChargeOnceExactlyWhenOrderAndStockAreKnownBeforeAnyCancellation(List<Fact> arrival) {
        arrival.forEach(this::apply);

        boolean chargeDue = arrival.contains(Fact.CREATED)
                && arrival.contains(Fact.RESERVED)
                && before(arrival, Fact.CREATED, Fact.CANCELLED)
                && before(arrival, Fact.RESERVED, Fact.CANCELLED);
        assertThat(count(PaymentEvent.ChargeRequested.class)).isEqualTo(chargeDue ? 1 : 0);
        assertThat(payment.status()).isEqualTo(expectedStatus(arrival, chargeDue));
        assertThat(events)
                .as("nothing is reported before the provider answered")
                .allMatch(event -> event instanceof PaymentEvent.ChargeRequested);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyArrivalOrder")
    void appliesEachFactOnceHoweverOftenItArrives(List<Fact> arrival) {
        var once = Payment.forOrder(UUID.randomUUID(), orderId, T0);
        List<PaymentEvent> onceEvents = new ArrayList<>();
        arrival.forEach(fact -> {
            apply(once, fact);
            onceEvents.addAll(once.drainEvents());
        });

        arrival.forEach(fact -> {
            apply(fact);
            apply(fact); // redelivered at once
        });
        arrival.forEach(this::apply); // and all of it again, later

        assertThat(payment.status()).isEqualTo(once.status());
        assertThat(events).hasSameSizeAs(onceEvents);
    }

    @Test
    void reportsASuccessfulChargeOnceAndIgnoresARepeatedAnswer() {
        requestCharge();

        assertThat(payment.charged("ch_1", T0.plusSeconds(1))).isTrue();
        assertThat(payment.charged("ch_1", T0.plusSeconds(2))).isFalse();

        collect();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CHARGED);
        assertThat(payment.chargeReference()).isEqualTo("ch_1");
        assertThat(payment.chargedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(count(PaymentEvent.Succeeded.class)).isOne();
    }

    @Test
    void refundsWhenTheOrderIsCancelledAfterTheCharge() {
        requestCharge();
        payment.charged("ch_1", T0);
        collect();

        apply(Fact.CANCELLED);
        apply(Fact.CANCELLED);

        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUND_REQUESTED);
        assertThat(count(PaymentEvent.RefundRequested.class)).isOne();

        assertThat(payment.refunded("re_1", T0.plusSeconds(3))).isTrue();
        assertThat(payment.refunded("re_1", T0.plusSeconds(4))).isFalse();
        collect();
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(payment.refundReference()).isEqualTo("re_1");
        assertThat(count(PaymentEvent.Refunded.class)).isOne();
    }

    @Test
    void reportsALateChargeThenRefundsItWhenTheOrderWasCancelledWhileItWasUnderWay() {
        requestCharge();
        apply(Fact.CANCELLED); // the saga timed out while the provider was still thinking

        assertThat(payment.status()).isEqualTo(PaymentStatus.CHARGE_REQUESTED);
        assertThat(events).noneMatch(PaymentEvent.RefundRequested.class::isInstance);

        payment.charged("ch_1", T0.plusSeconds(35));
        collect();

        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUND_REQUESTED);
        assertThat(events.subList(events.size() - 2, events.size()))
                .extracting(event -> (Class) event.getClass())
                .containsExactly(PaymentEvent.Succeeded.class, PaymentEvent.RefundRequested.class);
    }

    @Test
    void aDeclineIsFinalAndLeavesNothingToRefund() {
        requestCharge();

        assertThat(payment.chargeFailed(FailureReason.DECLINED, T0)).isTrue();
        apply(Fact.CANCELLED);

        assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(events)
                .extracting(PaymentEvent::getClass, PaymentEvent::paymentId)
                .containsExactly(
                        tuple(PaymentEvent.ChargeRequested.class, payment.id()),
                        tuple(PaymentEvent.Failed.class, payment.id()));
    }

    @Test
    void aProviderErrorFailsThePaymentAndLeavesNothingToRefund() {
        requestCharge();

        payment.chargeFailed(FailureReason.PROVIDER_ERROR, T0);
        apply(Fact.CANCELLED);

        assertThat(payment.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(payment.failureReason()).isEqualTo(FailureReason.PROVIDER_ERROR);
        assertThat(events).noneMatch(PaymentEvent.RefundRequested.class::isInstance);
    }

    @Test
    void ignoresAnswersItIsNotWaitingFor() {
        assertThat(payment.charged("ch_1", T0)).isFalse();
        assertThat(payment.chargeFailed(FailureReason.DECLINED, T0)).isFalse();
        assertThat(payment.refunded("re_1", T0)).isFalse();

        requestCharge();
        payment.charged("ch_1", T0);
        assertThat(payment.chargeFailed(FailureReason.PROVIDER_ERROR, T0)).isFalse();
        assertThat(payment.refunded("re_1", T0)).as("no refund was requested").isFalse();
        assertThat(payment.status()).isEqualTo(PaymentStatus.CHARGED);
    }

    @Test
    void aPaymentCancelledBeforeItsOrderArrivedStillBelongsToTheCustomer() {
        apply(Fact.CANCELLED);

        assertThat(payment.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(payment.userId()).isEqualTo(userId);
        assertThat(payment.amount()).isEqualTo(TOTAL);
    }

    @Test
    void survivesTheRoundTripThroughItsRow() {
        requestCharge();
        payment.charged("ch_1", T0);

        var copy = new Payment(payment.row());

        assertThat(copy.row()).isEqualTo(payment.row());
    }

    // --- the provider call's lease ----------------------------------------------------------------

    @Test
    void theChangeThatRequestsAChargeHoldsItsLeaseAndHandsItToTheWorkThatMakesTheCall() {
        requestCharge();

        PaymentEvent.ChargeRequested requested = (PaymentEvent.ChargeRequested) events.getLast();
        assertThat(payment.row().providerCallAt()).isEqualTo(T0);
        assertThat(payment.row().providerLease()).isNotNull().isEqualTo(requested.lease());
    }

    @Test
    void aSettledCallLeavesNoLeaseBehind() {
        requestCharge();

        payment.chargeFailed(FailureReason.DECLINED, T0.plusSeconds(1));

        assertThat(payment.row().providerCallAt()).isNull();
        assertThat(payment.row().providerLease()).isNull();
    }

    @Test
    void theRefundOfALateChargeIsCalledUnderANewLeaseNotTheChargesOne() {
        requestCharge();
        UUID chargeLease = payment.row().providerLease();
        apply(Fact.CANCELLED);

        payment.charged("ch_1", T0.plusSeconds(35));
        collect();

        PaymentEvent.RefundRequested refund = (PaymentEvent.RefundRequested) events.getLast();
        assertThat(refund.lease())
                .isNotNull()
                .isNotEqualTo(chargeLease)
                .isEqualTo(payment.row().providerLease());
        assertThat(payment.row().providerCallAt()).isEqualTo(T0.plusSeconds(35));
    }

    // --- helpers -------------------------------------------------------------------------------

    private void requestCharge() {
        apply(Fact.CREATED);
        apply(Fact.RESERVED);
        assertThat(payment.status()).isEqualTo(PaymentStatus.CHARGE_REQUESTED);
    }

    private void apply(Fact fact) {
        apply(payment, fact);
        collect();
    }

    private void collect() {
        events.addAll(payment.drainEvents());
    }

    private void apply(Payment target, Fact fact) {
        switch (fact) {
            case CREATED -> target.orderCreated(userId, TOTAL, "tok_ok", T0);
            case RESERVED -> target.stockReserved(T0);
            case CANCELLED -> target.orderCancelled(userId, TOTAL, "TIMEOUT", T0);
        }
    }

    private long count(Class<? extends PaymentEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    private static boolean before(List<Fact> arrival, Fact first, Fact second) {
        int later = arrival.indexOf(second);
        return later < 0 || arrival.indexOf(first) < later;
    }

    private static PaymentStatus expectedStatus(List<Fact> arrival, boolean chargeDue) {
        if (chargeDue) return PaymentStatus.CHARGE_REQUESTED;
        if (arrival.contains(Fact.CANCELLED)) return PaymentStatus.CANCELLED;
        return arrival.contains(Fact.CREATED) ? PaymentStatus.AWAITING_STOCK : PaymentStatus.AWAITING_ORDER;
    }
}
