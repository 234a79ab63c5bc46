package dev.bulkhead.order.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The {@code data} of OrderCreated v1 (contracts/schemas/order-events/OrderCreated.v1.schema.json):
 * everything inventory needs to reserve and payment needs to charge, so neither calls back.
 */
record OrderCreated(
        UUID orderId,
        UUID userId,
        List<Item> items,
        Money total,
        String paymentToken,
        Instant deadline,
        Instant createdAt) {

    record Item(UUID productId, String productName, int quantity, Money unitPrice) {}

    static OrderCreated of(Order order, String paymentToken) {
        return new OrderCreated(
                order.id(),
                order.userId(),
                order.lines().stream()
                        .map(line -> new Item(line.productId(), line.productName(), line.quantity(), line.unitPrice()))
                        .toList(),
                order.total(),
                paymentToken,
                order.deadline(),
                order.createdAt());
    }
}
