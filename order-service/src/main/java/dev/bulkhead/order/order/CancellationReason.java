package dev.bulkhead.order.order;

/** Why the saga cancelled an order (the contracts' {@code OrderCancelled.reason}). */
public enum CancellationReason {
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    PAYMENT_FAILED,
    TIMEOUT
}
