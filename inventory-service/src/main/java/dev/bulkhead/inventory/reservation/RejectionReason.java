package dev.bulkhead.inventory.reservation;

/** Why an order's lines were not reserved (StockRejected's {@code reason}). */
enum RejectionReason {
    OUT_OF_STOCK,
    UNKNOWN_PRODUCT
}
