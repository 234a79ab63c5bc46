package dev.bulkhead.inventory.product;

import java.util.UUID;

/**
 * A write sent {@code If-Match} with an ETag that is no longer the product's: someone changed it
 * since the writer read it (a lost update, prevented).
 */
public class ProductChangedMeanwhile extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProductChangedMeanwhile(UUID id, String ifMatch, String current) {
        super("Product " + id + " is at " + current + ", not " + ifMatch + ": read it again before changing it");
    }
}
