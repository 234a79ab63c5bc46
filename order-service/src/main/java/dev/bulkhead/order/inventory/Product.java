package dev.bulkhead.order.inventory;

import java.util.UUID;

/**
 * A product as inventory quotes it now: the name and unit price an order line snapshots.
 *
 * @param priceMinor the unit price in the currency's minor units (1250 for EUR 12.50)
 * @param currency an ISO 4217 code
 */
public record Product(UUID id, String name, long priceMinor, String currency) {}
