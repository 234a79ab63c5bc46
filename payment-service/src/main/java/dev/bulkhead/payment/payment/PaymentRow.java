package dev.bulkhead.payment.payment;

import java.time.Instant;
import java.util.UUID;

/** A payment as its table row holds it; how {@link Payments} and {@link Payment} hand state to each other. */
record PaymentRow(
        UUID id,
        UUID orderId,
        UUID userId,
        Money amount,
        String paymentToken,
        PaymentStatus status,
        Instant orderCreatedAt,
        Instant stockReservedAt,
        Instant orderCancelledAt,
        String cancellationReason,
        Instant chargeRequestedAt,
        Instant chargedAt,
        String chargeReference,
        FailureReason failureReason,
        Instant failedAt,
        Instant refundRequestedAt,
        Instant refundedAt,
        String refundReference,
        Instant providerCallAt,
        UUID providerLease,
        Instant createdAt,
        Instant updatedAt) {}
