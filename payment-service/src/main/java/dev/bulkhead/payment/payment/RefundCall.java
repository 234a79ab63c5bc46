package dev.bulkhead.payment.payment;

import java.util.UUID;

/** What the provider needs to refund an order's charge in full. */
public record RefundCall(UUID paymentId, UUID orderId, Money amount, String chargeReference) {}
