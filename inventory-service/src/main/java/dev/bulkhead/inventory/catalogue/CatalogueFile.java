package dev.bulkhead.inventory.catalogue;

import java.util.List;
import java.util.UUID;

/**
 * The catalogue file: products with fixed ids, prices written as the v1 API writes them.
 *
 * <pre>{@code
 * {"products": [{"id": "00000000-0000-4000-8000-000000000001", "name": "Mechanical keyboard",
 *                "description": "...", "price": {"amount": "89.00", "currency": "EUR"}, "stock": 100}]}
 * }</pre>
 */
record CatalogueFile(List<Entry> products) {

    record Entry(UUID id, String name, String description, Money price, int stock) {}

    record Money(String amount, String currency) {}
}
