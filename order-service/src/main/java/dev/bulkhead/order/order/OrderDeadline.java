package dev.bulkhead.order.order;

import java.time.Instant;

/**
 * When the saga gives up on an order placed at a given time. The saga owns the setting; placing only
 * asks, so the order package does not depend on the saga that depends on it.
 */
@FunctionalInterface
public interface OrderDeadline {

    Instant forOrderPlacedAt(Instant placedAt);
}
