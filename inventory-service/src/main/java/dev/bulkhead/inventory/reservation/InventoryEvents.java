package dev.bulkhead.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The bodies of what inventory tells the saga on {@code inventory-events} (key = orderId), as
 * contracts/schemas/inventory-events/*.v1.schema.json fix them.
 */
final class InventoryEvents {

    static final String TOPIC = "inventory-events";
    static final int VERSION = 1;

    private InventoryEvents() {}

    record Item(UUID productId, int quantity) {

        static List<Item> of(List<Line> lines) {
            return lines.stream()
                    .map(line -> new Item(line.productId(), line.quantity()))
                    .toList();
        }
    }

    record Shortage(UUID productId, int requested, int available) {}

    record StockReserved(UUID orderId, List<Item> items, Instant reservedAt) {
        static final String TYPE = "StockReserved";
    }

    record StockRejected(UUID orderId, RejectionReason reason, List<Shortage> shortages, Instant rejectedAt) {
        static final String TYPE = "StockRejected";
    }

    record StockReleased(UUID orderId, List<Item> items, Instant releasedAt) {
        static final String TYPE = "StockReleased";
    }
}
