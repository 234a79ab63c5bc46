package dev.bulkhead.payment.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A payment as its owner sees it over the v1 API (money as a decimal string, never the card token). */
record PaymentView(UUID id, UUID orderId, PaymentStatus status, Amount amount, Instant chargedAt, Instant refundedAt) {

    record Amount(String amount, String currency) {}

    /** The v1 list shape; a query by order id has at most one item, since an order has at most one payment. */
    record Page(List<PaymentView> items) {}

    static PaymentView of(Payment payment) {
        return new PaymentView(
                payment.id(),
                payment.orderId(),
                payment.status(),
                new Amount(payment.amount().decimal(), payment.amount().currency()),
                payment.chargedAt(),
                payment.refundedAt());
    }
}
