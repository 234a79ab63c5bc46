package dev.bulkhead.payment.payment;

/**
 * Where a payment stands. The two AWAITING states are the join: a charge is requested only once both
 * OrderCreated and StockReserved are known, in whichever order they came, and the order is not cancelled.
 *
 * <pre>
 * AWAITING_ORDER | AWAITING_STOCK ──both known──▶ CHARGE_REQUESTED ──▶ CHARGED | DECLINED | FAILED
 *        │ OrderCancelled                                              CHARGED ──OrderCancelled──▶ REFUND_REQUESTED ──▶ REFUNDED
 *        ▼
 *    CANCELLED (never charged)
 * </pre>
 */
public enum PaymentStatus {
    /** StockReserved is known, OrderCreated (amount and token) not yet. */
    AWAITING_ORDER,
    /** OrderCreated is known, StockReserved not yet. */
    AWAITING_STOCK,
    /** The order was cancelled before a charge was requested: nothing will be charged. */
    CANCELLED,
    /** Both halves are known; a provider call is due or under way. */
    CHARGE_REQUESTED,
    CHARGED,
    DECLINED,
    /** The provider could not be reached or failed within the retries; nothing was charged. */
    FAILED,
    /** Charged, then the order was cancelled; the refund is due or under way. */
    REFUND_REQUESTED,
    REFUNDED
}
