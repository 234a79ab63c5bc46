package dev.bulkhead.order.view;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of "my orders", as the read model has it: enough to show a list without asking anyone,
 * with the product names and the user's name the events carried.
 */
record OrderSummary(
        UUID id,
        String userName,
        String status,
        String cancellationReason,
        Total total,
        String itemSummary,
        int itemCount,
        Instant createdAt,
        Instant updatedAt) {

    /** Money as v1 renders it: a decimal string and its currency. */
    record Total(String amount, String currency) {}
}
