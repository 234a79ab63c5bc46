package dev.bulkhead.inventory.product;

import java.util.UUID;

/** No product has this id. */
public class ProductNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProductNotFound(UUID id) {
        super("No product " + id);
    }
}
