package dev.bulkhead.notification.notification;

/** What a notification tells its user about; each kind comes from one event type. */
public enum NotificationKind {
    /** UserRegistered. */
    WELCOME,
    /** OrderConfirmed. */
    ORDER_CONFIRMED,
    /** OrderCancelled. */
    ORDER_CANCELLED,
    /** PaymentRefunded. */
    PAYMENT_REFUNDED
}
