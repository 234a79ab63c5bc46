package dev.bulkhead.payment.payment;

import java.util.UUID;

/** What the provider needs to charge an order; the order id is both its reference and its idempotency key. */
public record ChargeCall(UUID paymentId, UUID orderId, Money amount, String token) {}
