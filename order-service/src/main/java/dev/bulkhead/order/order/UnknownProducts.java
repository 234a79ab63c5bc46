package dev.bulkhead.order.order;

import java.util.List;
import java.util.UUID;

/** The request names products inventory does not know. */
public class UnknownProducts extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<UUID> productIds;

    UnknownProducts(List<UUID> productIds) {
        super("Unknown product" + (productIds.size() == 1 ? " " : "s ")
                + String.join(", ", productIds.stream().map(UUID::toString).toList()));
        this.productIds = List.copyOf(productIds);
    }

    public List<UUID> productIds() {
        return productIds;
    }
}
