package dev.bulkhead.payment.payment;

import java.util.UUID;

/**
 * What a change of a payment causes. Succeeded, Failed and Refunded leave through the outbox as
 * payment-events; ChargeRequested and RefundRequested ask for a provider call once the change has
 * committed (never inside the transaction or the Kafka listener that made it).
 */
public sealed interface PaymentEvent {

    UUID paymentId();

    /**
     * Provider work: a call to make under the lease {@code lease}, which whoever makes the call holds
     * (the change that requested it, or the sweep that claimed it after the lease ran out).
     */
    sealed interface ProviderWork extends PaymentEvent {

        UUID lease();
    }

    /** A charge is due: both halves of the join are known and the order is not cancelled. */
    record ChargeRequested(UUID paymentId, UUID lease) implements ProviderWork {}

    /** A refund is due: the order was cancelled and its charge succeeded. */
    record RefundRequested(UUID paymentId, UUID lease) implements ProviderWork {}

    record Succeeded(UUID paymentId) implements PaymentEvent {}

    record Failed(UUID paymentId, FailureReason reason) implements PaymentEvent {}

    record Refunded(UUID paymentId) implements PaymentEvent {}
}
