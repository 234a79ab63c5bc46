package dev.bulkhead.order.order;

/** What can happen to an order, as its timeline shows it. */
public enum Step {
    ORDER_PLACED,
    STOCK_RESERVED,
    STOCK_REJECTED,
    PAYMENT_SUCCEEDED,
    PAYMENT_FAILED,
    CONFIRMED,
    CANCELLED,
    /** A charge that succeeded after the order was cancelled; payment-service refunds it. */
    LATE_PAYMENT
}
