package dev.bulkhead.payment.payment;

import java.util.Objects;
import java.util.UUID;

/** What payment takes from order-events' OrderCreated: whose order, how much, and the card token to charge. */
public record OrderCreated(UUID orderId, UUID userId, Money total, String paymentToken) {

    public OrderCreated {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(paymentToken, "paymentToken");
    }
}
