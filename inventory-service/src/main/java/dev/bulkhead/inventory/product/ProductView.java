package dev.bulkhead.inventory.product;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/** A product as the public API shows it (never the aggregate itself: reserved units stay inside). */
record ProductView(UUID id, String name, String description, ApiMoney price, int stock) {

    static ProductView of(Product product) {
        return new ProductView(
                product.id(), product.name(), product.description(), ApiMoney.of(product.price()), product.stock());
    }

    /** The strong ETag of this representation: every field that is written into it, nothing else. */
    @JsonIgnore
    String etag() {
        return ETags.of(id, name, description, price.amount(), price.currency(), stock);
    }
}
