package dev.bulkhead.inventory.reservation;

import java.util.Objects;
import java.util.UUID;

/** So many units of one product, as an order asks for them. */
record Line(UUID productId, int quantity) {

    /** OrderCreated allows 1 to 1000 per line; merged lines of one product may add up to more. */
    Line {
        Objects.requireNonNull(productId, "productId");
        if (quantity < 1) {
            throw new IllegalArgumentException("a line has at least one unit: " + quantity);
        }
    }
}
