package dev.bulkhead.payment.payment;

/** Why a charge failed, as PaymentFailed's {@code reason} says it. */
public enum FailureReason {
    /** The provider refused the card (402): retrying cannot help. */
    DECLINED,
    /** The provider answered 5xx or not at all, every time it was tried. */
    PROVIDER_ERROR
}
