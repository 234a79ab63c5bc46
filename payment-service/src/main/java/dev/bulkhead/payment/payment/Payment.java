package dev.bulkhead.payment.payment;

import static dev.bulkhead.payment.payment.PaymentStatus.AWAITING_ORDER;
import static dev.bulkhead.payment.payment.PaymentStatus.AWAITING_STOCK;
import static dev.bulkhead.payment.payment.PaymentStatus.CANCELLED;
import static dev.bulkhead.payment.payment.PaymentStatus.CHARGED;
import static dev.bulkhead.payment.payment.PaymentStatus.CHARGE_REQUESTED;
import static dev.bulkhead.payment.payment.PaymentStatus.DECLINED;
import static dev.bulkhead.payment.payment.PaymentStatus.FAILED;
import static dev.bulkhead.payment.payment.PaymentStatus.REFUNDED;
import static dev.bulkhead.payment.payment.PaymentStatus.REFUND_REQUESTED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The payment of one order. It joins two streams that arrive in either order — OrderCreated (who, how
 * much, which card token) and StockReserved — and requests the charge exactly once, when both are
 * known and the order is not cancelled. Each fact is applied at most once (a second OrderCreated for
 * the same order changes nothing), and a provider's answer counts only while the payment waits for
 * it, so no redelivery or retry can charge or refund twice.
 *
 * <p>Cancellation: before the charge was requested nothing is ever charged; after a successful charge
 * the money goes back; while a charge is under way the refund follows as soon as the charge succeeds
 * (the saga timed out on a slow provider: PaymentSucceeded is still reported, then PaymentRefunded).
 */
public final class Payment {

    private final UUID id;
    private final UUID orderId;
    private UUID userId;
    private Money amount;
    private String paymentToken;
    private PaymentStatus status;
    private Instant orderCreatedAt;
    private Instant stockReservedAt;
    private Instant orderCancelledAt;
    private String cancellationReason;
    private Instant chargeRequestedAt;
    private Instant chargedAt;
    private String chargeReference;
    private FailureReason failureReason;
    private Instant failedAt;
    private Instant refundRequestedAt;
    private Instant refundedAt;
    private String refundReference;
    private Instant providerCallAt;
    /** Who holds the provider call's lease: the token the work that makes the call carries. */
    private UUID providerLease;

    private final Instant createdAt;
    private Instant updatedAt;

    private final List<PaymentEvent> events = new ArrayList<>();

    Payment(PaymentRow row) {
        this.id = Objects.requireNonNull(row.id());
        this.orderId = Objects.requireNonNull(row.orderId());
        this.userId = row.userId();
        this.amount = row.amount();
        this.paymentToken = row.paymentToken();
        this.status = Objects.requireNonNull(row.status());
        this.orderCreatedAt = row.orderCreatedAt();
        this.stockReservedAt = row.stockReservedAt();
        this.orderCancelledAt = row.orderCancelledAt();
        this.cancellationReason = row.cancellationReason();
        this.chargeRequestedAt = row.chargeRequestedAt();
        this.chargedAt = row.chargedAt();
        this.chargeReference = row.chargeReference();
        this.failureReason = row.failureReason();
        this.failedAt = row.failedAt();
        this.refundRequestedAt = row.refundRequestedAt();
        this.refundedAt = row.refundedAt();
        this.refundReference = row.refundReference();
        this.providerCallAt = row.providerCallAt();
        this.providerLease = row.providerLease();
        this.createdAt = Objects.requireNonNull(row.createdAt());
        this.updatedAt = Objects.requireNonNull(row.updatedAt());
    }

    /** The payment of an order about which nothing is known yet; the event that made it fills it in. */
    static Payment forOrder(UUID id, UUID orderId, Instant at) {
        return new Payment(new PaymentRow(
                id,
                orderId,
                null,
                null,
                null,
                AWAITING_ORDER,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                at,
                at));
    }

    PaymentRow row() {
        return new PaymentRow(
                id,
                orderId,
                userId,
                amount,
                paymentToken,
                status,
                orderCreatedAt,
                stockReservedAt,
                orderCancelledAt,
                cancellationReason,
                chargeRequestedAt,
                chargedAt,
                chargeReference,
                failureReason,
                failedAt,
                refundRequestedAt,
                refundedAt,
                refundReference,
                providerCallAt,
                providerLease,
                createdAt,
                updatedAt);
    }

    // --- the join ------------------------------------------------------------------------------

    /** OrderCreated: what to charge, to whom. Requests the charge if the stock is reserved already. */
    void orderCreated(UUID userId, Money total, String token, Instant at) {
        if (orderCreatedAt != null) {
            return; // the same order announced again: the first announcement counts
        }
        this.userId = Objects.requireNonNull(userId);
        this.amount = Objects.requireNonNull(total);
        this.paymentToken = Objects.requireNonNull(token);
        this.orderCreatedAt = at;
        this.updatedAt = at;
        if (status == AWAITING_ORDER) {
            if (stockReservedAt != null) {
                requestCharge(at);
            } else {
                status = AWAITING_STOCK;
            }
        }
    }

    /** StockReserved: the go-ahead. Requests the charge if the order is known already. */
    void stockReserved(Instant at) {
        if (stockReservedAt != null) {
            return;
        }
        stockReservedAt = at;
        updatedAt = at;
        if (status == AWAITING_STOCK) {
            requestCharge(at);
        }
    }

    /** OrderCancelled: never charge, or give the money back, or do so once the charge under way succeeds. */
    void orderCancelled(UUID userId, Money total, String reason, Instant at) {
        if (orderCancelledAt != null) {
            return;
        }
        orderCancelledAt = at;
        cancellationReason = reason;
        updatedAt = at;
        if (this.userId == null) {
            this.userId = userId; // cancelled before OrderCreated got here: still the customer's payment
        }
        if (amount == null) {
            amount = total;
        }
        switch (status) {
            case AWAITING_ORDER, AWAITING_STOCK -> status = CANCELLED;
            case CHARGED -> requestRefund(at);
            default -> {
                // CHARGE_REQUESTED: refunded when the charge succeeds (see charged);
                // DECLINED, FAILED: nothing was charged, nothing to give back.
            }
        }
    }

    // --- the provider's answers ----------------------------------------------------------------

    /** @return whether the answer counted (false when the payment no longer waits for a charge) */
    boolean charged(String reference, Instant at) {
        if (status != CHARGE_REQUESTED) {
            return false;
        }
        status = CHARGED;
        chargeReference = Objects.requireNonNull(reference);
        chargedAt = at;
        providerCallAt = null;
        providerLease = null;
        updatedAt = at;
        events.add(new PaymentEvent.Succeeded(id));
        if (orderCancelledAt != null) {
            requestRefund(at); // a late charge: the order gave up on it, so the money goes back
        }
        return true;
    }

    /** @return whether the answer counted */
    boolean chargeFailed(FailureReason reason, Instant at) {
        if (status != CHARGE_REQUESTED) {
            return false;
        }
        status = reason == FailureReason.DECLINED ? DECLINED : FAILED;
        failureReason = reason;
        failedAt = at;
        providerCallAt = null;
        providerLease = null;
        updatedAt = at;
        events.add(new PaymentEvent.Failed(id, reason));
        return true;
    }

    /** @return whether the answer counted */
    boolean refunded(String reference, Instant at) {
        if (status != REFUND_REQUESTED) {
            return false;
        }
        status = REFUNDED;
        refundReference = Objects.requireNonNull(reference);
        refundedAt = at;
        providerCallAt = null;
        providerLease = null;
        updatedAt = at;
        events.add(new PaymentEvent.Refunded(id));
        return true;
    }

    private void requestCharge(Instant at) {
        status = CHARGE_REQUESTED;
        chargeRequestedAt = at;
        takeLease(at);
        events.add(new PaymentEvent.ChargeRequested(id, providerLease));
    }

    private void requestRefund(Instant at) {
        status = REFUND_REQUESTED;
        refundRequestedAt = at;
        takeLease(at);
        events.add(new PaymentEvent.RefundRequested(id, providerLease));
    }

    /**
     * The change that requests a call holds its lease from the start: the instance that commits it
     * makes the call, and no sweep takes it until the lease runs out.
     */
    private void takeLease(Instant at) {
        providerCallAt = at;
        providerLease = UUID.randomUUID();
    }

    /** What the changes since loading caused, in order; each is handed out once. */
    List<PaymentEvent> drainEvents() {
        List<PaymentEvent> drained = List.copyOf(events);
        events.clear();
        return drained;
    }

    ChargeCall chargeCall() {
        return new ChargeCall(id, orderId, amount, paymentToken);
    }

    RefundCall refundCall() {
        return new RefundCall(id, orderId, amount, chargeReference);
    }

    // --- reading -------------------------------------------------------------------------------

    public UUID id() {
        return id;
    }

    public UUID orderId() {
        return orderId;
    }

    public UUID userId() {
        return userId;
    }

    public Money amount() {
        return amount;
    }

    public PaymentStatus status() {
        return status;
    }

    public boolean orderCreatedSeen() {
        return orderCreatedAt != null;
    }

    public boolean stockReserved() {
        return stockReservedAt != null;
    }

    public boolean orderCancelled() {
        return orderCancelledAt != null;
    }

    public String chargeReference() {
        return chargeReference;
    }

    public Instant chargedAt() {
        return chargedAt;
    }

    public FailureReason failureReason() {
        return failureReason;
    }

    public Instant failedAt() {
        return failedAt;
    }

    public String refundReference() {
        return refundReference;
    }

    public Instant refundedAt() {
        return refundedAt;
    }
}
