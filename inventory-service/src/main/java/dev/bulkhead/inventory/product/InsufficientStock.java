package dev.bulkhead.inventory.product;

import java.util.UUID;

/** More units were asked for (reserved, or removed by an admin) than a product has available. */
public class InsufficientStock extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID productId;
    private final int requested;
    private final int available;

    InsufficientStock(UUID productId, int requested, int available) {
        super("Product " + productId + " has " + available + " units available, " + requested + " requested");
        this.productId = productId;
        this.requested = requested;
        this.available = available;
    }

    public UUID productId() {
        return productId;
    }

    public int requested() {
        return requested;
    }

    public int available() {
        return available;
    }
}
