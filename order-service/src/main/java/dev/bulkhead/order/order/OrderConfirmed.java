package dev.bulkhead.order.order;

import java.time.Instant;
import java.util.UUID;

/** The {@code data} of OrderConfirmed v1: inventory commits its reservation, notification tells the customer. */
record OrderConfirmed(UUID orderId, UUID userId, Money total, Instant confirmedAt) {}
