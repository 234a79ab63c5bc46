package dev.bulkhead.order.order;

import java.util.Objects;
import java.util.UUID;

/**
 * A product, how many, and its name and unit price as inventory quoted them when the order was
 * placed: a snapshot, so a later price change never alters an order.
 */
public record OrderLine(UUID productId, String productName, int quantity, Money unitPrice) {

    public static final int MAX_QUANTITY = 1000;

    public OrderLine {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new IllegalArgumentException("quantity must be 1.." + MAX_QUANTITY + ", was " + quantity);
        }
    }

    public Money subtotal() {
        return unitPrice.times(quantity);
    }
}
