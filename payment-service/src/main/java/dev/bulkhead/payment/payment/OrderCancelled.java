package dev.bulkhead.payment.payment;

import java.util.Objects;
import java.util.UUID;

/** What payment takes from order-events' OrderCancelled. */
public record OrderCancelled(UUID orderId, UUID userId, Money total, String reason) {

    public OrderCancelled {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(reason, "reason");
    }
}
