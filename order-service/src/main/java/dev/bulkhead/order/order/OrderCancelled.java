package dev.bulkhead.order.order;

import java.time.Instant;
import java.util.UUID;

/** The {@code data} of OrderCancelled v1: inventory releases, payment refunds what it charged. */
record OrderCancelled(UUID orderId, UUID userId, CancellationReason reason, Money total, Instant cancelledAt) {}
