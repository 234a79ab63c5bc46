package dev.bulkhead.inventory.product;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/** One page of the catalogue, in the shape every Bulkhead list has. */
record ProductPage(List<ProductView> items, int page, int size, long total) {

    /** A strong ETag over the page's fields and each item's own tag. */
    @JsonIgnore
    String etag() {
        List<Object> parts = new ArrayList<>();
        parts.add(page);
        parts.add(size);
        parts.add(total);
        items.forEach(item -> parts.add(item.etag()));
        return ETags.of(parts.toArray());
    }
}
